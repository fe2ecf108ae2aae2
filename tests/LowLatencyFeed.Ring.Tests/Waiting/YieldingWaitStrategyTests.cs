using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Waiting;

public sealed class YieldingWaitStrategyTests : WaitStrategyContract
{
    protected override IWaitStrategy CreateStrategy() => new YieldingWaitStrategy();
}
