namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Wilder's ADX(n) with +DI and −DI. From the second bar: up = high − previous high, down = previous low − low;
/// +DM = up when up &gt; down and up &gt; 0, else 0 (−DM mirrored); TR as in ATR. TR, +DM, −DM are Wilder-smoothed
/// (first = mean of n, the same ratios as Wilder's running sums); ±DI = 100 × DM / TR;
/// DX = 100 × |+DI − −DI| / (+DI + −DI) (0 when both are 0); ADX = Wilder smoothing of DX (first = mean of the first n DX),
/// so the first value is at bar 2n.
/// </summary>
public sealed class AverageDirectionalIndex : Indicator
{
    private WilderAverage _trueRange;
    private WilderAverage _plusMove;
    private WilderAverage _minusMove;
    private WilderAverage _adx;
    private long _previousHigh;
    private long _previousLow;
    private long _previousClose;
    private double _plusIndicator;
    private double _minusIndicator;

    /// <summary>Creates ADX(<paramref name="period"/>).</summary>
    public AverageDirectionalIndex(int period)
    {
        IndicatorSpec.RequirePeriod(period, nameof(period));
        _trueRange = new WilderAverage(period);
        _plusMove = new WilderAverage(period);
        _minusMove = new WilderAverage(period);
        _adx = new WilderAverage(period);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Adx;

    /// <inheritdoc />
    public override bool IsReady => _adx.IsReady;

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.Set(ref values, _adx.Value, _plusIndicator, _minusIndicator);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        if (Count > 1)
        {
            long up = bar.High - _previousHigh;
            long down = _previousLow - bar.Low;
            _plusMove.Add(up > down && up > 0 ? up : 0);
            _minusMove.Add(down > up && down > 0 ? down : 0);
            _trueRange.Add(TrueRange.Of(bar.High, bar.Low, _previousClose, hasPrevious: true));
            if (_trueRange.IsReady)
            {
                double range = _trueRange.Value;
                _plusIndicator = range == 0 ? 0 : 100 * _plusMove.Value / range;
                _minusIndicator = range == 0 ? 0 : 100 * _minusMove.Value / range;
                double total = _plusIndicator + _minusIndicator;
                _adx.Add(total == 0 ? 0 : 100 * Math.Abs(_plusIndicator - _minusIndicator) / total);
            }
        }

        _previousHigh = bar.High;
        _previousLow = bar.Low;
        _previousClose = bar.Close;
    }
}
