namespace LowLatencyFeed.Processing.Indicators;

/// <summary>The last <see cref="Capacity"/> values, oldest first; pushing into a full window evicts the oldest.</summary>
internal sealed class RingWindow<T>
    where T : unmanaged
{
    private readonly T[] _values;
    private int _next;

    public RingWindow(int capacity)
    {
        _values = new T[capacity];
    }

    public int Capacity => _values.Length;

    public int Count { get; private set; }

    public bool IsFull => Count == _values.Length;

    /// <summary>The <paramref name="age"/>-th value from the oldest (0 = oldest).</summary>
    public T this[int age]
    {
        get
        {
            int index = _next - Count + age;
            return _values[index < 0 ? index + _values.Length : index];
        }
    }

    /// <summary>Adds <paramref name="value"/>; returns true and the evicted value when the window was full.</summary>
    public bool Push(T value, out T evicted)
    {
        bool full = IsFull;
        evicted = full ? _values[_next] : default;
        _values[_next] = value;
        _next = _next + 1 == _values.Length ? 0 : _next + 1;
        if (!full)
        {
            Count++;
        }

        return full;
    }
}
