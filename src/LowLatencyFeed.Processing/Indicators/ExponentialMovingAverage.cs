namespace LowLatencyFeed.Processing.Indicators;

/// <summary>EMA(n) of the close: α = 2 / (n + 1), seeded with the SMA of the first n closes (first value at bar n).</summary>
public sealed class ExponentialMovingAverage : Indicator
{
    private ExponentialAverage _average;

    /// <summary>Creates EMA(<paramref name="period"/>).</summary>
    public ExponentialMovingAverage(int period)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        _average = new ExponentialAverage(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Ema;

    /// <inheritdoc />
    public override bool IsReady => _average.IsReady;

    /// <summary>The average in price units.</summary>
    public double Value => _average.Value;

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.Set(ref values, _average.Value);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar) => _average.Add(bar.ClosePrice);
}
