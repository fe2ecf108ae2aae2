namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Wilder's ATR(n): true range (high − low on the first bar), Wilder-smoothed; the first value (bar n) is the mean of the
/// first n true ranges.
/// </summary>
public sealed class AverageTrueRange : Indicator
{
    private WilderAverage _average;
    private long _previousClose;

    /// <summary>Creates ATR(<paramref name="period"/>).</summary>
    public AverageTrueRange(int period)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        _average = new WilderAverage(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Atr;

    /// <inheritdoc />
    public override bool IsReady => _average.IsReady;

    /// <summary>The ATR in price units.</summary>
    public double Value => _average.Value;

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.Set(ref values, _average.Value);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        long range = TrueRange.Of(bar.High, bar.Low, _previousClose, Count > 1);
        _average.Add(range / Pow10.Double(bar.PriceDecimals));
        _previousClose = bar.Close;
    }
}
