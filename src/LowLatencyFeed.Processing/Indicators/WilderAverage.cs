namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Wilder's smoothing: the simple mean of the first <c>period</c> inputs, then (previous × (period − 1) + input) / period
/// (an EMA with α = 1 / period).
/// </summary>
internal struct WilderAverage
{
    private readonly int _period;
    private double _sum;
    private int _count;

    public WilderAverage(int period)
    {
        _period = period;
    }

    public double Value { get; private set; }

    public readonly bool IsReady => _count >= _period;

    public void Add(double input)
    {
        if (_count >= _period)
        {
            Value = ((Value * (_period - 1)) + input) / _period;
            return;
        }

        _sum += input;
        if (++_count == _period)
        {
            Value = _sum / _period;
        }
    }
}
