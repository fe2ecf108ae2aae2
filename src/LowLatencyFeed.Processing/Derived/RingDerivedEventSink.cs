using System.Runtime.CompilerServices;
using LowLatencyFeed.Ring;

namespace LowLatencyFeed.Processing.Derived;

/// <summary>
/// Publishes derived events into the derived ring (create it with <see cref="RingBuffer{T}.CreateMultiProducer"/>:
/// the bar and book builders publish from different threads). One instance per producing thread, because it remembers
/// the sequence it claimed. Waits when the ring is full: the storage stage applies backpressure, nothing is dropped.
/// </summary>
public sealed class RingDerivedEventSink : IDerivedEventSink
{
    private readonly RingBuffer<DerivedEvent> _ring;
    private long _claimed = long.MinValue;
    private long _published;

    /// <summary>Creates a sink onto <paramref name="ring"/>.</summary>
    public RingDerivedEventSink(RingBuffer<DerivedEvent> ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = ring;
    }

    /// <summary>Events published through this sink.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref DerivedEvent Claim()
    {
        long sequence = _ring.Next();
        _claimed = sequence;
        ref DerivedEvent slot = ref _ring[sequence];
        slot = default;
        return ref slot;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish()
    {
        long sequence = _claimed;
        if (sequence == long.MinValue)
        {
            return;
        }

        _claimed = long.MinValue;
        _ring.Publish(sequence);
        Volatile.Write(ref _published, _published + 1);
    }
}
