namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Wilder's RSI(n): gains and losses of close-to-close changes, each Wilder-smoothed (first average = mean of the first n
/// changes, so the first value is at bar n + 1); RSI = 100 − 100 / (1 + avgGain / avgLoss); 100 when avgLoss is 0,
/// 50 when both are 0.
/// </summary>
public sealed class RelativeStrengthIndex : Indicator
{
    private WilderAverage _gains;
    private WilderAverage _losses;
    private long _previousClose;
    private double _scale;

    /// <summary>Creates RSI(<paramref name="period"/>).</summary>
    public RelativeStrengthIndex(int period)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        _gains = new WilderAverage(period);
        _losses = new WilderAverage(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Rsi;

    /// <inheritdoc />
    public override bool IsReady => _losses.IsReady;

    /// <summary>The RSI, 0 to 100.</summary>
    public double Value => Ratio(_gains.Value, _losses.Value);

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.Set(ref values, Value);

    /// <summary>100 − 100 / (1 + up / down), the form RSI and MFI share (100 when down is 0, 50 when both are).</summary>
    internal static double Ratio(double up, double down)
    {
        if (down == 0)
        {
            return up == 0 ? 50 : 100;
        }

        return 100 - (100 / (1 + (up / down)));
    }

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        if (Count > 1)
        {
            long change = bar.Close - _previousClose;
            _gains.Add(change > 0 ? change / _scale : 0);
            _losses.Add(change < 0 ? -change / _scale : 0);
        }

        _scale = Pow10.Double(bar.PriceDecimals);
        _previousClose = bar.Close;
    }
}
