namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Lambert's CCI(n) = (TP − SMA(TP)) / (0.015 × mean deviation), TP = (high + low + close) / 3, mean deviation =
/// mean |TPᵢ − SMA(TP)| over the last n bars (0 when the deviation is 0). With Tᵢ = high + low + close (exact) and
/// S = ΣTᵢ this is n × (n·T − S) / (0.015 × Σ|n·Tᵢ − S|): exact integers up to one division. The mean deviation is
/// about the current mean, so it is summed over the window each bar: O(n) integer operations, no allocation.
/// </summary>
public sealed class CommodityChannelIndex : Indicator
{
    private const double LambertConstant = 0.015;
    private readonly RingWindow<long> _typical;
    private readonly int _period;
    private Int128 _sum;
    private double _value;

    /// <summary>Creates CCI(<paramref name="period"/>).</summary>
    public CommodityChannelIndex(int period)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        _period = period;
        _typical = new RingWindow<long>(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Cci;

    /// <inheritdoc />
    public override bool IsReady => _typical.IsFull;

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.Set(ref values, _value);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        long typical = bar.High + bar.Low + bar.Close;
        _sum += typical;
        if (_typical.Push(typical, out long evicted))
        {
            _sum -= evicted;
        }

        if (!_typical.IsFull)
        {
            return;
        }

        Int128 deviation = 0;
        for (int i = 0; i < _period; i++)
        {
            deviation += Int128.Abs((_period * (Int128)_typical[i]) - _sum);
        }

        Int128 distance = (_period * (Int128)typical) - _sum;
        _value = deviation == 0 ? 0 : _period * (double)distance / (LambertConstant * (double)deviation);
    }
}
