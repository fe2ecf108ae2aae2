using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator.Tests;

/// <summary>The subscription table a simulated connection keeps: order, modes and the version the send loop watches.</summary>
public sealed class SimulatedSubscriptionsTests
{
    [Fact]
    public void Tokens_keep_first_subscription_order_and_add_does_not_change_a_mode()
    {
        var table = new SimulatedSubscriptions();
        Assert.True(table.Add(20, SubscriptionMode.Ltp));
        Assert.True(table.Add(10, SubscriptionMode.Full));
        Assert.False(table.Add(20, SubscriptionMode.Full));

        var snapshot = table.Snapshot(out int version);
        Assert.Equal(new (long, SubscriptionMode)[] { (20, SubscriptionMode.Ltp), (10, SubscriptionMode.Full) }, snapshot);
        Assert.Equal(2, version);
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void Set_adds_or_changes_a_mode_and_set_mode_only_changes_subscribed_tokens()
    {
        var table = new SimulatedSubscriptions();
        table.Set(5, SubscriptionMode.Quote);
        table.Set(5, SubscriptionMode.Full);
        Assert.True(table.TryGetMode(5, out var mode));
        Assert.Equal(SubscriptionMode.Full, mode);

        Assert.False(table.SetMode(6, SubscriptionMode.Ltp));
        Assert.False(table.TryGetMode(6, out _));
        Assert.True(table.SetMode(5, SubscriptionMode.Ltp));
        Assert.True(table.TryGetMode(5, out mode));
        Assert.Equal(SubscriptionMode.Ltp, mode);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Every_change_moves_the_version_and_a_refused_one_does_not()
    {
        var table = new SimulatedSubscriptions();
        Assert.Equal(0, table.Version);
        table.Add(1, SubscriptionMode.Ltp); // 1
        table.Add(1, SubscriptionMode.Ltp); // refused
        table.Set(1, SubscriptionMode.Full); // 2
        table.SetMode(2, SubscriptionMode.Full); // refused
        table.SetMode(1, SubscriptionMode.Quote); // 3
        Assert.Equal(3, table.Version);
    }
}
