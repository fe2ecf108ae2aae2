using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Waiting;

public sealed class BusySpinWaitStrategyTests : WaitStrategyContract
{
    protected override IWaitStrategy CreateStrategy() => new BusySpinWaitStrategy();
}
