using System.Numerics;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// A bounded single-producer single-consumer queue that never waits: a full queue refuses the item (the caller counts
/// the drop). The ring thread produces, the client's sender task consumes; items are copied into preallocated slots.
/// </summary>
/// <typeparam name="T">The queued value (copied by value).</typeparam>
public sealed class DroppingQueue<T>
    where T : struct
{
    private readonly T[] _items;
    private readonly int _mask;
    private readonly int _limit;
    private readonly int _reservedLimit;
    private long _head;
    private long _tail;

    /// <summary>
    /// Creates a queue of at least <paramref name="capacity"/> slots (rounded up to a power of two) and, beyond them,
    /// <paramref name="reserved"/> slots only <see cref="TryEnqueueReserved"/> may fill.
    /// </summary>
    public DroppingQueue(int capacity, int reserved = 0)
    {
        _limit = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
        _reservedLimit = _limit + Math.Max(0, reserved);
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)_reservedLimit);
        _items = new T[size];
        _mask = size - 1;
    }

    /// <summary>Whether nothing is queued.</summary>
    public bool IsEmpty => Volatile.Read(ref _head) == Volatile.Read(ref _tail);

    /// <summary>Producer: copies <paramref name="item"/> in; false (nothing queued) when the queue is full.</summary>
    public bool TryEnqueue(in T item)
    {
        long tail = _tail;
        if (tail - Volatile.Read(ref _head) >= _limit)
        {
            return false;
        }

        _items[tail & _mask] = item;
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    /// <summary>
    /// Producer: copies <paramref name="items"/> in, all or none, into the slots beyond the capacity if need be (for
    /// items that must not be dropped behind ordinary ones); false when even the reserved slots lack room.
    /// </summary>
    public bool TryEnqueueReserved(ReadOnlySpan<T> items)
    {
        long tail = _tail;
        if (tail - Volatile.Read(ref _head) + items.Length > _reservedLimit)
        {
            return false;
        }

        for (int i = 0; i < items.Length; i++)
        {
            _items[(tail + i) & _mask] = items[i];
        }

        Volatile.Write(ref _tail, tail + items.Length);
        return true;
    }

    /// <summary>Producer: the slot the next item goes to, or a null reference when full; <see cref="Commit"/> publishes it.</summary>
    /// <remarks>Filling in place avoids a second copy of large items (256-byte derived events).</remarks>
    public ref T TryClaim()
    {
        long tail = _tail;
        if (tail - Volatile.Read(ref _head) >= _limit)
        {
            return ref System.Runtime.CompilerServices.Unsafe.NullRef<T>();
        }

        return ref _items[tail & _mask];
    }

    /// <summary>Producer: publishes the slot returned by <see cref="TryClaim"/>.</summary>
    public void Commit() => Volatile.Write(ref _tail, _tail + 1);

    /// <summary>Consumer: the oldest item, if any, left in the queue.</summary>
    public bool TryPeek(out T item) => TryPeekAt(0, out item);

    /// <summary>Consumer: the item after the oldest, if any, left in the queue (items queued together are seen together).</summary>
    public bool TryPeekSecond(out T item) => TryPeekAt(1, out item);

    /// <summary>Consumer: the oldest item, if any.</summary>
    public bool TryTake(out T item)
    {
        if (!TryPeekAt(0, out item))
        {
            return false;
        }

        Volatile.Write(ref _head, _head + 1);
        return true;
    }

    private bool TryPeekAt(long offset, out T item)
    {
        long index = _head + offset;
        if (index >= Volatile.Read(ref _tail))
        {
            item = default;
            return false;
        }

        item = _items[index & _mask];
        return true;
    }
}
