using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Waiting;

public sealed class SleepingWaitStrategyTests : WaitStrategyContract
{
    protected override IWaitStrategy CreateStrategy() => new SleepingWaitStrategy();

    [Fact]
    public void Sleep_defaults_to_one_millisecond_and_rejects_negative_values()
    {
        Assert.Equal(1, new SleepingWaitStrategy().SleepMilliseconds);
        Assert.Equal(0, new SleepingWaitStrategy(0).SleepMilliseconds);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SleepingWaitStrategy(-1));
    }
}
