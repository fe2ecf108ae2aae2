using System.Numerics;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>
/// A bounded single-producer single-consumer queue of references: lock-free, allocation-free after construction.
/// Used to hand batches between the stager thread and a writer thread in both directions.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
internal sealed class SpscQueue<T>
    where T : class
{
    private readonly T?[] _items;
    private readonly int _mask;
    // Head and tail on their own cache lines: the two threads write one each.
    private PaddedLong _head; // next slot to read, written by the consumer
    private PaddedLong _tail; // next slot to write, written by the producer

    public SpscQueue(int capacity)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
        _items = new T?[size];
        _mask = size - 1;
    }

    public int Count => (int)(Volatile.Read(ref _tail.Value) - Volatile.Read(ref _head.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryEnqueue(T item)
    {
        long tail = _tail.Value;
        if (tail - Volatile.Read(ref _head.Value) > _mask)
        {
            return false;
        }

        Volatile.Write(ref _items[tail & _mask], item);
        Volatile.Write(ref _tail.Value, tail + 1);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPeek(out T item)
    {
        long head = _head.Value;
        if (head == Volatile.Read(ref _tail.Value))
        {
            item = null!;
            return false;
        }

        item = Volatile.Read(ref _items[head & _mask])!;
        return true;
    }

    /// <summary>The element after the oldest one, without removing anything (consumer only).</summary>
    public bool TryPeekSecond(out T item)
    {
        long head = _head.Value;
        if (head + 1 >= Volatile.Read(ref _tail.Value))
        {
            item = null!;
            return false;
        }

        item = Volatile.Read(ref _items[(head + 1) & _mask])!;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryDequeue(out T item)
    {
        if (!TryPeek(out item))
        {
            return false;
        }

        long head = _head.Value;
        _items[head & _mask] = null;
        Volatile.Write(ref _head.Value, head + 1);
        return true;
    }
}
