namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// MACD(fast, slow, signal): line = EMA(fast) − EMA(slow) of the close (both SMA-seeded, from the first bar), signal =
/// EMA(signal) of the line (seeded with the mean of its first <c>signal</c> values), histogram = line − signal. First value
/// at bar slow + signal − 1.
/// </summary>
public sealed class MovingAverageConvergenceDivergence : Indicator
{
    private ExponentialAverage _fast;
    private ExponentialAverage _slow;
    private ExponentialAverage _signal;
    private double _line;

    /// <summary>Creates MACD(<paramref name="fast"/>, <paramref name="slow"/>, <paramref name="signal"/>).</summary>
    public MovingAverageConvergenceDivergence(int fast, int slow, int signal)
    {
        IndicatorSpec.RequirePeriod(fast, nameof(fast));
        IndicatorSpec.RequirePeriod(slow, nameof(slow));
        IndicatorSpec.RequirePeriod(signal, nameof(signal));
        if (fast >= slow)
        {
            ThrowHelper.ThrowArgument(nameof(fast), "The fast period ({0}) must be shorter than the slow period ({1}).", fast, slow);
        }

        _fast = new ExponentialAverage(fast);
        _slow = new ExponentialAverage(slow);
        _signal = new ExponentialAverage(signal);
    }

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Macd;

    /// <inheritdoc />
    public override bool IsReady => _signal.IsReady;

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) =>
        IndicatorOutput.Set(ref values, _line, _signal.Value, _line - _signal.Value);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        _fast.Add(bar.ClosePrice);
        _slow.Add(bar.ClosePrice);
        if (_slow.IsReady)
        {
            _line = _fast.Value - _slow.Value;
            _signal.Add(_line);
        }
    }
}
