using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Waiting;

/// <summary>Configuration names map to the strategies they document.</summary>
public sealed class WaitStrategiesTests
{
    [Theory]
    [InlineData(WaitStrategyKind.BusySpin, typeof(BusySpinWaitStrategy))]
    [InlineData(WaitStrategyKind.Yielding, typeof(YieldingWaitStrategy))]
    [InlineData(WaitStrategyKind.Sleeping, typeof(SleepingWaitStrategy))]
    [InlineData(WaitStrategyKind.Blocking, typeof(BlockingWaitStrategy))]
    [InlineData(WaitStrategyKind.TimeoutBlocking, typeof(BlockingWaitStrategy))]
    public void Each_kind_creates_its_strategy(WaitStrategyKind kind, Type expected) =>
        Assert.IsType(expected, WaitStrategies.Create(kind));

    [Fact]
    public void Timeouts_apply_only_to_timeout_blocking_which_defaults_to_100_ms()
    {
        Assert.Null(((BlockingWaitStrategy)WaitStrategies.Create(WaitStrategyKind.Blocking, TimeSpan.FromSeconds(1))).Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(100), ((BlockingWaitStrategy)WaitStrategies.Create(WaitStrategyKind.TimeoutBlocking)).Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), ((BlockingWaitStrategy)WaitStrategies.Create(WaitStrategyKind.TimeoutBlocking, TimeSpan.FromSeconds(2))).Timeout);
    }

    [Fact]
    public void An_unknown_kind_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WaitStrategies.Create((WaitStrategyKind)99));
}
