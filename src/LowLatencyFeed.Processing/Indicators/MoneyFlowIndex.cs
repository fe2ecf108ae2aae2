namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// MFI(n): raw money flow = typical price × volume; positive when the typical price rose from the previous bar, negative
/// when it fell, neither when equal. MFI = 100 − 100 / (1 + Σpositive / Σnegative) over the last n flows (first value at
/// bar n + 1; 100 when Σnegative is 0, 50 when both are). Flows are exact: (high + low + close) × volume in Int128 (the
/// factor 1/3 cancels in the ratio).
/// </summary>
public sealed class MoneyFlowIndex : Indicator
{
    private readonly RingWindow<Int128> _flows;
    private Int128 _positive;
    private Int128 _negative;
    private long _previousTypical;

    /// <summary>Creates MFI(<paramref name="period"/>).</summary>
    public MoneyFlowIndex(int period)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        _flows = new RingWindow<Int128>(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Mfi;

    /// <inheritdoc />
    public override bool IsReady => _flows.IsFull;

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) =>
        IndicatorOutput.Set(ref values, RelativeStrengthIndex.Ratio((double)_positive, (double)_negative));

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        long typical = bar.High + bar.Low + bar.Close;
        if (Count > 1)
        {
            // Signed flow: positive money flow > 0, negative < 0, unchanged typical price 0.
            Int128 raw = (Int128)typical * bar.Volume;
            Int128 flow = typical > _previousTypical ? raw : typical < _previousTypical ? -raw : Int128.Zero;
            Accumulate(flow, 1);
            if (_flows.Push(flow, out Int128 evicted))
            {
                Accumulate(evicted, -1);
            }
        }

        _previousTypical = typical;
    }

    private void Accumulate(Int128 flow, int sign)
    {
        if (flow > 0)
        {
            _positive += sign * flow;
        }
        else
        {
            _negative -= sign * flow;
        }
    }
}
