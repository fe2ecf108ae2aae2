namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Bollinger Bands(n, k) of the close: middle = SMA(n), upper/lower = middle ± k × σ, σ the <b>population</b> standard
/// deviation of the last n closes. Σx and Σx² are exact (Int128 over mantissas), so the variance numerator
/// n·Σx² − (Σx)² is exact; only the final division and square root are floating point.
/// </summary>
public sealed class BollingerBands : Indicator
{
    private readonly RingWindow<long> _closes;
    private readonly int _period;
    private readonly double _multiplier;
    private Int128 _sum;
    private Int128 _sumOfSquares;
    private double _scale = 1;

    /// <summary>Creates Bollinger Bands(<paramref name="period"/>, <paramref name="multiplier"/>).</summary>
    public BollingerBands(int period, double multiplier)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        IndicatorSpec.RequireMultiplier(multiplier, nameof(multiplier));
        _period = period;
        _multiplier = multiplier;
        _closes = new RingWindow<long>(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Bollinger;

    /// <inheritdoc />
    public override bool IsReady => _closes.IsFull;

    /// <summary>The population standard deviation of the window, price units.</summary>
    public double StandardDeviation
    {
        get
        {
            Int128 numerator = (_period * _sumOfSquares) - (_sum * _sum);
            return Math.Sqrt((double)numerator / ((double)_period * _period)) / _scale;
        }
    }

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values)
    {
        double middle = (double)_sum / _period / _scale;
        double width = _multiplier * StandardDeviation;
        IndicatorOutput.Set(ref values, middle, middle + width, middle - width);
    }

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        _scale = Pow10.Double(bar.PriceDecimals);
        long close = bar.Close;
        _sum += close;
        _sumOfSquares += (Int128)close * close;
        if (_closes.Push(close, out long evicted))
        {
            _sum -= evicted;
            _sumOfSquares -= (Int128)evicted * evicted;
        }
    }
}
