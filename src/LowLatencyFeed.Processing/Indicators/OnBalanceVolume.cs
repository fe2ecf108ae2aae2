namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// OBV: 0 at the first bar; then + volume when the close rose, − volume when it fell, unchanged otherwise. Exact (a
/// volume mantissa), published as a decimal in quantity units.
/// </summary>
public sealed class OnBalanceVolume : Indicator
{
    private long _previousClose;
    private long _value;
    private byte _decimals;

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Obv;

    /// <inheritdoc />
    public override bool IsReady => Count > 0;

    /// <summary>The exact OBV in quantity units.</summary>
    public decimal Value => _value / Pow10.Decimal(_decimals);

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.SetExact(ref values, Value);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        _decimals = bar.QuantityDecimals;
        if (Count > 1)
        {
            _value += bar.Close > _previousClose ? bar.Volume : bar.Close < _previousClose ? -bar.Volume : 0;
        }

        _previousClose = bar.Close;
    }
}
