using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// A ring-like sink over a preallocated power-of-two array: Claim clears and returns the next slot (as the ring
/// publisher does), Publish advances. Lets parser benchmarks measure decoding without the ring's synchronisation.
/// </summary>
public struct KiteBenchmarkSink : IEventSink
{
    private readonly MarketEvent[] _slots;
    private readonly int _mask;
    private long _next;

    public KiteBenchmarkSink(int capacityPowerOfTwo)
    {
        _slots = new MarketEvent[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    /// <summary>Events published so far.</summary>
    public readonly long Published => _next;

    /// <summary>The most recently published event (keeps the work observable).</summary>
    public readonly ref readonly MarketEvent Last => ref _slots[(int)((_next - 1) & _mask)];

    public ref MarketEvent Claim()
    {
        ref MarketEvent slot = ref _slots[(int)(_next & _mask)];
        slot = default;
        return ref slot;
    }

    public void Publish() => _next++;

    /// <summary>The <paramref name="index"/>-th published event (while it is still in the array).</summary>
    public readonly MarketEvent At(long index) => _slots[(int)(index & _mask)];
}
