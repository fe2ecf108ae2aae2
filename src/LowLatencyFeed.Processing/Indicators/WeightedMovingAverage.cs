namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// WMA(n) of the close, weights 1 (oldest) … n (newest): exact Σ wᵢ × closeᵢ / (n(n+1)/2 × 10^decimals) as a decimal.
/// O(1): adding a close raises every older weight by one, i.e. numerator += n × new − (Σ of the previous window).
/// </summary>
public sealed class WeightedMovingAverage : Indicator
{
    private readonly RingWindow<long> _closes;
    private readonly int _period;
    private Int128 _sum;
    private Int128 _weighted;
    private byte _decimals;

    /// <summary>Creates WMA(<paramref name="period"/>).</summary>
    public WeightedMovingAverage(int period)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        _period = period;
        _closes = new RingWindow<long>(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Wma;

    /// <inheritdoc />
    public override bool IsReady => _closes.IsFull;

    /// <summary>The exact average.</summary>
    public decimal Value => (decimal)_weighted / ((_period * (_period + 1) / 2) * Pow10.Decimal(_decimals));

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.SetExact(ref values, Value);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        _decimals = bar.PriceDecimals;
        long close = bar.Close;
        int count = _closes.Count;
        if (_closes.Push(close, out long evicted))
        {
            _weighted += (_period * (Int128)close) - _sum;
            _sum += close - evicted;
        }
        else
        {
            // Filling: the new close takes weight count + 1, older weights stay.
            _weighted += (count + 1) * (Int128)close;
            _sum += close;
        }
    }
}
