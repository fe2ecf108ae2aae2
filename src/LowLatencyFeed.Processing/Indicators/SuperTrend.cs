namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// SuperTrend(n, m): ATR(n) as in <see cref="AverageTrueRange"/>; basic bands = (high + low) / 2 ± m × ATR; the final
/// upper band only moves down (it takes the basic band when that is lower or the previous close broke above it), the
/// final lower band only up (mirrored). The trend starts down (line = upper band) on the first bar with an ATR; a close
/// above the upper band turns it up (line = lower band), a close below the lower band turns it down again.
/// Outputs the line and the direction (+1 up, −1 down).
/// </summary>
public sealed class SuperTrend : Indicator
{
    private readonly double _multiplier;
    private WilderAverage _atr;
    private long _previousCloseMantissa;
    private double _previousClose;
    private double _upper;
    private double _lower;
    private bool _up;
    private bool _started;

    /// <summary>Creates SuperTrend(<paramref name="period"/>, <paramref name="multiplier"/>).</summary>
    public SuperTrend(int period, double multiplier)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        IndicatorSpec.RequireMultiplier(multiplier, nameof(multiplier));
        _multiplier = multiplier;
        _atr = new WilderAverage(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.SuperTrend;

    /// <inheritdoc />
    public override bool IsReady => _started;

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.Set(ref values, _up ? _lower : _upper, _up ? 1 : -1);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        double scale = Pow10.Double(bar.PriceDecimals);
        _atr.Add(TrueRange.Of(bar.High, bar.Low, _previousCloseMantissa, Count > 1) / scale);
        if (_atr.IsReady)
        {
            double middle = (bar.HighPrice + bar.LowPrice) / 2;
            double basicUpper = middle + (_multiplier * _atr.Value);
            double basicLower = middle - (_multiplier * _atr.Value);
            if (!_started)
            {
                _upper = basicUpper;
                _lower = basicLower;
                _up = false;
                _started = true;
            }
            else
            {
                _upper = basicUpper < _upper || _previousClose > _upper ? basicUpper : _upper;
                _lower = basicLower > _lower || _previousClose < _lower ? basicLower : _lower;
                _up = _up ? bar.ClosePrice >= _lower : bar.ClosePrice > _upper;
            }
        }

        _previousCloseMantissa = bar.Close;
        _previousClose = bar.ClosePrice;
    }
}
