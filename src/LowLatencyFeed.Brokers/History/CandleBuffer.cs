namespace LowLatencyFeed.Brokers.History;

/// <summary>A reusable, growable list of candles (one per backfill job; grows to the largest page, then stays).</summary>
public sealed class CandleBuffer
{
    private HistoricalCandle[] _items;

    /// <summary>Creates a buffer for <paramref name="capacity"/> candles before it grows.</summary>
    public CandleBuffer(int capacity = 1024) => _items = new HistoricalCandle[Math.Max(16, capacity)];

    /// <summary>Candles held.</summary>
    public int Count { get; private set; }

    /// <summary>The candles held.</summary>
    public Span<HistoricalCandle> Span => _items.AsSpan(0, Count);

    /// <summary>Appends a zeroed candle and returns it for filling.</summary>
    public ref HistoricalCandle Add()
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        ref HistoricalCandle candle = ref _items[Count++];
        candle = default;
        return ref candle;
    }

    /// <summary>The candle at <paramref name="index"/>, growing the buffer to hold it (Dhan's parallel arrays fill by index).</summary>
    public ref HistoricalCandle At(int index)
    {
        while (index >= _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        if (index >= Count)
        {
            _items.AsSpan(Count, index + 1 - Count).Clear();
            Count = index + 1;
        }

        return ref _items[index];
    }

    /// <summary>Drops the candle at <paramref name="index"/>, keeping the order of the rest.</summary>
    public void RemoveAt(int index)
    {
        Array.Copy(_items, index + 1, _items, index, Count - index - 1);
        Count--;
    }

    /// <summary>Empties the buffer (keeps the storage).</summary>
    public void Clear() => Count = 0;
}
