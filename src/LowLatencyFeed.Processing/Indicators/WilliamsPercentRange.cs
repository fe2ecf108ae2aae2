namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Williams %R(n) = −100 × (highest high − close) / (highest high − lowest low) over the last n bars (−50 when the range
/// is 0); from −100 to 0, first value at bar n.
/// </summary>
public sealed class WilliamsPercentRange : Indicator
{
    private readonly RollingExtremes _extremes;
    private readonly int _period;
    private double _value;

    /// <summary>Creates Williams %R(<paramref name="period"/>).</summary>
    public WilliamsPercentRange(int period)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        _period = period;
        _extremes = new RollingExtremes(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.WilliamsR;

    /// <inheritdoc />
    public override bool IsReady => Count >= _period;

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.Set(ref values, _value);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        _extremes.Add(bar.High, bar.Low);
        long highest = _extremes.Highest;
        long lowest = _extremes.Lowest;
        _value = highest == lowest ? -50 : -100.0 * (highest - bar.Close) / (highest - lowest);
    }
}
