using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;

namespace LowLatencyFeed.Processing.Tests.Signals;

public sealed class ImbalanceSignalRuleTests
{
    private const long Ms = 1_000_000;

    private static readonly ImbalanceSignalRule s_rule = new(new SignalOptions { Threshold = 0.3, Hysteresis = 0.1, MinPersistence = TimeSpan.FromMilliseconds(500) });

    [Fact]
    public void Entry_needs_the_threshold_to_persist_and_exit_waits_for_the_hysteresis_band()
    {
        var state = default(SignalState);
        Assert.False(s_rule.Update(ref state, 0.35, 0));
        Assert.True(state.IsPending);
        Assert.False(s_rule.Update(ref state, 0.40, 200 * Ms));
        Assert.True(s_rule.Update(ref state, 0.31, 500 * Ms));
        Assert.Equal(SignalSide.Buy, state.Side);
        Assert.Equal(SignalSide.Flat, state.PreviousSide);
        Assert.Equal(0, state.TransitionSinceNs);

        Assert.False(s_rule.Update(ref state, 0.25, 600 * Ms)); // inside the band: still Buy
        Assert.False(s_rule.Update(ref state, 0.20, 650 * Ms)); // exactly at T - H: still Buy
        Assert.True(s_rule.Update(ref state, 0.19, 700 * Ms));
        Assert.Equal(SignalSide.Flat, state.Side);
        Assert.Equal(SignalSide.Buy, state.PreviousSide);
    }

    [Fact]
    public void A_break_in_the_condition_restarts_the_persistence_timer()
    {
        var state = default(SignalState);
        s_rule.Update(ref state, -0.5, 800 * Ms);
        s_rule.Update(ref state, 0.0, 1000 * Ms); // broken
        Assert.False(state.IsPending);
        s_rule.Update(ref state, -0.4, 1100 * Ms);
        Assert.False(s_rule.Update(ref state, -0.35, 1599 * Ms));
        Assert.True(s_rule.Update(ref state, -0.35, 1600 * Ms));
        Assert.Equal(SignalSide.Sell, state.Side);
        Assert.Equal(1100 * Ms, state.TransitionSinceNs);
    }

    [Fact]
    public void Time_alone_completes_a_pending_entry()
    {
        var state = default(SignalState);
        s_rule.Update(ref state, 0.5, 0);
        Assert.Equal(500 * Ms, s_rule.PendingDueNs(in state));
        Assert.False(s_rule.Advance(ref state, 499 * Ms));
        Assert.True(s_rule.Advance(ref state, 500 * Ms));
        Assert.Equal(SignalSide.Buy, state.Side);
        Assert.Equal(long.MaxValue, s_rule.PendingDueNs(in state));
    }

    [Fact]
    public void Without_persistence_a_jump_across_zero_is_one_transition()
    {
        var rule = new ImbalanceSignalRule(new SignalOptions { Threshold = 0.3, Hysteresis = 0, MinPersistence = TimeSpan.Zero });
        var state = default(SignalState);
        Assert.True(rule.Update(ref state, 0.3, 1));
        Assert.Equal(SignalSide.Buy, state.Side);
        Assert.True(rule.Update(ref state, -0.6, 2));
        Assert.Equal(SignalSide.Sell, state.Side);
        Assert.Equal(SignalSide.Buy, state.PreviousSide);
    }

    [Fact]
    public void Suspend_drops_a_pending_entry_but_keeps_the_side()
    {
        var state = default(SignalState);
        s_rule.Update(ref state, 0.5, 0);
        ImbalanceSignalRule.Suspend(ref state);
        Assert.False(s_rule.Advance(ref state, Ms * 1000));
        Assert.Equal(SignalSide.Flat, state.Side);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ImbalanceSignalRule(new SignalOptions { Threshold = 0 }));
        Assert.Throws<ArgumentException>(() => new ImbalanceSignalRule(new SignalOptions { Threshold = 1.5 }));
        Assert.Throws<ArgumentException>(() => new ImbalanceSignalRule(new SignalOptions { Threshold = 0.3, Hysteresis = 0.4 }));
        Assert.Throws<ArgumentException>(() => new ImbalanceSignalRule(new SignalOptions { MinPersistence = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentException>(() => new ImbalanceSignalRule(new SignalOptions { Threshold = double.NaN }));
    }
}
