using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LowLatencyFeed.Ring.Sequencing;

/// <summary>
/// A sequence counter on its own cache lines: 56 bytes of padding either side, so a producer's cursor and a consumer's
/// progress never share a line (false sharing would make every publish invalidate the other core's cache).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
public sealed class Sequence
{
    /// <summary>The value before anything was published: the first slot is sequence 0.</summary>
    public const long InitialValue = -1;

    [FieldOffset(56)]
    private long _value;

    /// <summary>Creates a sequence at <paramref name="initialValue"/>.</summary>
    public Sequence(long initialValue = InitialValue) => _value = initialValue;

    /// <summary>Acquire read / release write: enough for the single-writer publication protocol.</summary>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => Volatile.Write(ref _value, value);
    }

    /// <summary>Writes with a full fence (store-load ordering), for the rare paths that need it.</summary>
    public void SetValueWithFullFence(long value) => Interlocked.Exchange(ref _value, value);

    /// <summary>Atomically sets the value if it equals <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSet(long expected, long next) => Interlocked.CompareExchange(ref _value, next, expected) == expected;

    /// <summary>Atomically adds and returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long AddAndGet(long increment) => Interlocked.Add(ref _value, increment);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
