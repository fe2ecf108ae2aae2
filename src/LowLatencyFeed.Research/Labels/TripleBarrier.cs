namespace LowLatencyFeed.Research.Labels;

/// <summary>
/// Triple-barrier labels (Research/README.md "Labels"): from the close of bar i, an upper barrier at
/// close × exp(u·σ), a lower one at close × exp(−d·σ) (σ: the per-bar volatility known at bar i) and a vertical one
/// V bars later. Bars i+1 … i+V are scanned in order: the first whose high reaches the upper barrier gives Buy, whose
/// low reaches the lower barrier Sell; a bar that reaches both is Hold (the order inside the bar is unknown); none by
/// bar i+V is Hold. The event time is the end of the deciding bar.
/// </summary>
public static class TripleBarrier
{
    public static BarrierOutcome Label(ReadOnlySpan<LabelBar> bars, int index, double volatility, TripleBarrierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(volatility > 0) || double.IsInfinity(volatility) || (uint)index >= (uint)bars.Length)
        {
            return default;
        }

        double entry = bars[index].Close;
        double upper = entry * Math.Exp(options.UpperMultiple * volatility);
        double lower = entry * Math.Exp(-options.LowerMultiple * volatility);
        int last = index + options.VerticalBars;
        for (int j = index + 1; j <= last; j++)
        {
            if (j >= bars.Length)
            {
                return default;
            }

            ref readonly LabelBar bar = ref bars[j];
            bool up = bar.High >= upper;
            bool down = bar.Low <= lower;
            if (up || down)
            {
                BarrierLabel label = up && down ? BarrierLabel.Hold : up ? BarrierLabel.Buy : BarrierLabel.Sell;
                return new BarrierOutcome(label, j, bar.EndTimeNs, true);
            }
        }

        return new BarrierOutcome(BarrierLabel.Hold, last, bars[last].EndTimeNs, true);
    }
}
