namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// EMA with α = 2 / (period + 1), seeded with the simple mean of the first <c>period</c> inputs (no value before).
/// </summary>
internal struct ExponentialAverage
{
    private readonly int _period;
    private readonly double _alpha;
    private double _sum;
    private int _count;

    public ExponentialAverage(int period)
    {
        _period = period;
        _alpha = 2.0 / (period + 1);
    }

    public double Value { get; private set; }

    public readonly bool IsReady => _count >= _period;

    public void Add(double input)
    {
        if (_count >= _period)
        {
            Value += _alpha * (input - Value);
            return;
        }

        _sum += input;
        if (++_count == _period)
        {
            Value = _sum / _period;
        }
    }
}
