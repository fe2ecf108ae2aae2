namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Stochastic(n, d) (the "fast" stochastic): %K = 100 × (close − lowest low) / (highest high − lowest low) over the last n
/// bars (50 when the range is 0), %D = SMA(d) of %K. First value at bar n + d − 1.
/// </summary>
public sealed class StochasticOscillator : Indicator
{
    private readonly RollingExtremes _extremes;
    private readonly RingWindow<double> _percentK;
    private readonly int _period;
    private double _sumK;
    private double _lastK;

    /// <summary>Creates Stochastic(<paramref name="period"/>, <paramref name="signalPeriod"/>).</summary>
    public StochasticOscillator(int period, int signalPeriod)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        IndicatorSpec.RequirePeriod(signalPeriod, nameof(signalPeriod));
        _period = period;
        _extremes = new RollingExtremes(period);
        _percentK = new RingWindow<double>(signalPeriod);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Stochastic;

    /// <inheritdoc />
    public override bool IsReady => _percentK.IsFull;

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.Set(ref values, _lastK, _sumK / _percentK.Capacity);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        _extremes.Add(bar.High, bar.Low);
        if (Count < _period)
        {
            return;
        }

        long highest = _extremes.Highest;
        long lowest = _extremes.Lowest;
        _lastK = highest == lowest ? 50 : 100.0 * (bar.Close - lowest) / (highest - lowest);
        _sumK += _lastK;
        if (_percentK.Push(_lastK, out double evicted))
        {
            _sumK -= evicted;
        }
    }
}
