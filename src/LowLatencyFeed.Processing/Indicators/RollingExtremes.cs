namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Highest high and lowest low of the last <c>period</c> bars, amortised O(1) per bar: two monotonic deques of at most
/// <c>period</c> entries each, in arrays sized at construction.
/// </summary>
internal sealed class RollingExtremes
{
    private readonly MonotonicDeque _highs;
    private readonly MonotonicDeque _lows;
    private long _index;

    public RollingExtremes(int period)
    {
        _highs = new MonotonicDeque(period, keepMaximum: true);
        _lows = new MonotonicDeque(period, keepMaximum: false);
    }

    public long Highest => _highs.Front;

    public long Lowest => _lows.Front;

    public void Add(long high, long low)
    {
        _highs.Add(_index, high);
        _lows.Add(_index, low);
        _index++;
    }

    private sealed class MonotonicDeque
    {
        private readonly long[] _values;
        private readonly long[] _indices;
        private readonly bool _keepMaximum;
        private int _head;
        private int _size;

        public MonotonicDeque(int period, bool keepMaximum)
        {
            _values = new long[period];
            _indices = new long[period];
            _keepMaximum = keepMaximum;
        }

        public long Front => _values[_head];

        public void Add(long index, long value)
        {
            int capacity = _values.Length;

            // Entries that can never be the extreme again (an equal or better value arrived later) leave from the back.
            while (_size > 0)
            {
                int back = Wrap(_head + _size - 1, capacity);
                if (_keepMaximum ? _values[back] > value : _values[back] < value)
                {
                    break;
                }

                _size--;
            }

            // Entries that left the window leave from the front.
            while (_size > 0 && _indices[_head] <= index - capacity)
            {
                _head = Wrap(_head + 1, capacity);
                _size--;
            }

            int slot = Wrap(_head + _size, capacity);
            _values[slot] = value;
            _indices[slot] = index;
            _size++;
        }

        private static int Wrap(int position, int capacity) => position >= capacity ? position - capacity : position;
    }
}
