namespace LowLatencyFeed.Processing.Indicators;

/// <summary>SMA(n) of the close: exact Σ of the last n close mantissas; value = Σ / (n × 10^decimals) as a decimal.</summary>
public sealed class SimpleMovingAverage : Indicator
{
    private readonly RingWindow<long> _closes;
    private readonly int _period;
    private Int128 _sum;
    private byte _decimals;

    /// <summary>Creates SMA(<paramref name="period"/>).</summary>
    public SimpleMovingAverage(int period)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        _period = period;
        _closes = new RingWindow<long>(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Sma;

    /// <inheritdoc />
    public override bool IsReady => _closes.IsFull;

    /// <summary>The exact average.</summary>
    public decimal Value => (decimal)_sum / (_period * Pow10.Decimal(_decimals));

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.SetExact(ref values, Value);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        _decimals = bar.PriceDecimals;
        _sum += bar.Close;
        if (_closes.Push(bar.Close, out long evicted))
        {
            _sum -= evicted;
        }
    }
}
