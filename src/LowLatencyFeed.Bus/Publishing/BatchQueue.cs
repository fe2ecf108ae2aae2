namespace LowLatencyFeed.Bus.Publishing;

/// <summary>A bounded single-producer single-consumer queue of batches (the pool cycles through two of them).</summary>
internal sealed class BatchQueue
{
    private readonly BusBatch?[] _items;
    private readonly int _mask;
    private long _head;
    private long _tail;

    public BatchQueue(int capacity)
    {
        int size = 1;
        while (size < capacity)
        {
            size <<= 1;
        }

        _items = new BusBatch?[size];
        _mask = size - 1;
    }

    public int Count => (int)(Volatile.Read(ref _tail) - Volatile.Read(ref _head));

    public bool TryEnqueue(BusBatch batch)
    {
        long tail = _tail;
        if (tail - Volatile.Read(ref _head) >= _items.Length)
        {
            return false;
        }

        _items[tail & _mask] = batch;
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    public bool TryPeek(out BusBatch batch)
    {
        long head = _head;
        if (head >= Volatile.Read(ref _tail))
        {
            batch = null!;
            return false;
        }

        batch = _items[head & _mask]!;
        return true;
    }

    public bool TryDequeue(out BusBatch batch)
    {
        if (!TryPeek(out batch))
        {
            return false;
        }

        _items[_head & _mask] = null;
        Volatile.Write(ref _head, _head + 1);
        return true;
    }
}
