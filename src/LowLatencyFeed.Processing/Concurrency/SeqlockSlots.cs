namespace LowLatencyFeed.Processing.Concurrency;

/// <summary>
/// A growable array of values, each behind its own seqlock: one writer thread (a stage) publishes without a lock and
/// without waiting for readers; any thread reads, retrying while a write is in progress. The boards that let the API
/// read a stage's latest state are built on it.
/// </summary>
/// <typeparam name="T">The value of one slot.</typeparam>
internal sealed class SeqlockSlots<T>
    where T : struct
{
    private Slot[] _slots;

    public SeqlockSlots(int capacity) => _slots = new Slot[Math.Max(1, capacity)];

    /// <summary>Reads slot <paramref name="at"/>; false (and default) when it was never written or lies beyond the array.</summary>
    public bool TryRead(int at, out T value)
    {
        while (true)
        {
            Slot[] slots = Volatile.Read(ref _slots);
            if ((uint)at >= (uint)slots.Length)
            {
                value = default;
                return false;
            }

            ref Slot slot = ref slots[at];
            long before = Volatile.Read(ref slot.Version);
            if ((before & 1) != 0)
            {
                Thread.SpinWait(8);
                continue;
            }

            value = slot.Value;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref slot.Version) == before)
            {
                return before != 0;
            }
        }
    }

    /// <summary>Writer thread: makes room for <paramref name="needed"/> slots (cold path; readers move to the new array).</summary>
    public void EnsureCapacity(int needed)
    {
        if (needed > _slots.Length)
        {
            var grown = new Slot[Math.Max(needed, _slots.Length * 2)];
            Array.Copy(_slots, grown, _slots.Length);
            Volatile.Write(ref _slots, grown);
        }
    }

    /// <summary>Writer thread: publishes <paramref name="value"/> in slot <paramref name="at"/>.</summary>
    public void Write(int at, in T value)
    {
        ref Slot slot = ref _slots[at];

        // Odd while writing; the full fence keeps the data stores after it.
        Interlocked.Increment(ref slot.Version);
        slot.Value = value;
        Volatile.Write(ref slot.Version, slot.Version + 1);
    }

    private struct Slot
    {
        public long Version;
        public T Value;
    }
}
