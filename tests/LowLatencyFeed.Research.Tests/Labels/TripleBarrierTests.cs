using LowLatencyFeed.Research.Labels;

namespace LowLatencyFeed.Research.Tests.Labels;

/// <summary>
/// Hand-worked price paths. Entry close 100, σ = 0.01, multiples 2 and 2: upper = 100·e^0.02 = 102.0201…,
/// lower = 100·e^−0.02 = 98.0199…; vertical barrier 3 bars. Bar k ends at k minutes.
/// </summary>
public sealed class TripleBarrierTests
{
    private static readonly TripleBarrierOptions s_options = new() { UpperMultiple = 2, LowerMultiple = 2, VerticalBars = 3 };

    private static LabelBar Bar(int minute, double high, double low, double close) => new(high, low, close, minute * 60_000_000_000L);

    [Fact]
    public void Upper_barrier_hit_in_the_second_bar_is_Buy_at_that_bar_end()
    {
        LabelBar[] path = [Bar(0, 100, 100, 100), Bar(1, 101, 99.5, 100.5), Bar(2, 102.05, 100, 101.9), Bar(3, 103, 101, 102)];
        var outcome = TripleBarrier.Label(path, 0, 0.01, s_options);
        Assert.Equal(new BarrierOutcome(BarrierLabel.Buy, 2, 2 * 60_000_000_000L, true), outcome);
    }

    [Fact]
    public void Lower_barrier_hit_first_is_Sell_even_when_the_upper_follows()
    {
        LabelBar[] path = [Bar(0, 100, 100, 100), Bar(1, 100.5, 98.0, 98.5), Bar(2, 103, 98.5, 102.5), Bar(3, 100, 100, 100)];
        Assert.Equal(new BarrierOutcome(BarrierLabel.Sell, 1, 60_000_000_000L, true), TripleBarrier.Label(path, 0, 0.01, s_options));
    }

    [Fact]
    public void Both_barriers_inside_one_bar_is_Hold_at_that_bar()
    {
        LabelBar[] path = [Bar(0, 100, 100, 100), Bar(1, 102.1, 97.9, 100), Bar(2, 100, 100, 100), Bar(3, 100, 100, 100)];
        Assert.Equal(new BarrierOutcome(BarrierLabel.Hold, 1, 60_000_000_000L, true), TripleBarrier.Label(path, 0, 0.01, s_options));
    }

    [Fact]
    public void No_touch_within_the_vertical_barrier_is_Hold_at_the_vertical_bar()
    {
        // 102.02 stays below 102.0201…, 98.02 above 98.0199…: nothing is hit; bar 4 would hit but lies past the vertical barrier.
        LabelBar[] path = [Bar(0, 100, 100, 100), Bar(1, 102.02, 99, 101), Bar(2, 101, 98.02, 99), Bar(3, 100.5, 99.5, 100), Bar(4, 110, 90, 100)];
        Assert.Equal(new BarrierOutcome(BarrierLabel.Hold, 3, 3 * 60_000_000_000L, true), TripleBarrier.Label(path, 0, 0.01, s_options));
    }

    [Fact]
    public void Asymmetric_multiples_move_each_barrier()
    {
        // u = 1: upper = 100·e^0.01 = 101.005…; d = 3: lower = 100·e^−0.03 = 97.044…
        var options = s_options with { UpperMultiple = 1, LowerMultiple = 3 };
        LabelBar[] up = [Bar(0, 100, 100, 100), Bar(1, 101.01, 99, 101), Bar(2, 100, 100, 100), Bar(3, 100, 100, 100)];
        LabelBar[] notDown = [Bar(0, 100, 100, 100), Bar(1, 101, 97.05, 98), Bar(2, 100, 100, 100), Bar(3, 100, 100, 100)];
        Assert.Equal(BarrierLabel.Buy, TripleBarrier.Label(up, 0, 0.01, options).Label);
        Assert.Equal(new BarrierOutcome(BarrierLabel.Hold, 3, 3 * 60_000_000_000L, true), TripleBarrier.Label(notDown, 0, 0.01, options));
    }

    [Fact]
    public void A_path_that_ends_before_any_barrier_is_unresolved()
    {
        LabelBar[] path = [Bar(0, 100, 100, 100), Bar(1, 101, 99, 100), Bar(2, 101, 99, 100)];
        Assert.False(TripleBarrier.Label(path, 0, 0.01, s_options).Resolved);
        Assert.True(TripleBarrier.Label(path, 0, 0.001, s_options).Resolved); // σ 0.001: 101 ≥ 100.2002 → Buy at bar 1
    }

    [Fact]
    public void Unknown_or_zero_volatility_gives_no_label()
    {
        LabelBar[] path = [Bar(0, 100, 100, 100), Bar(1, 110, 90, 100), Bar(2, 100, 100, 100), Bar(3, 100, 100, 100)];
        Assert.False(TripleBarrier.Label(path, 0, double.NaN, s_options).Resolved);
        Assert.False(TripleBarrier.Label(path, 0, 0, s_options).Resolved);
    }
}
