using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Waiting;

public sealed class BlockingWaitStrategyTests : WaitStrategyContract
{
    protected override IWaitStrategy CreateStrategy() => new BlockingWaitStrategy();

    [Fact]
    public void Without_a_timeout_it_waits_indefinitely() => Assert.Null(new BlockingWaitStrategy().Timeout);

    [Fact]
    public async Task Many_parked_consumers_are_all_woken_by_one_publish()
    {
        var (sequencer, barrier, dependents, strategy) = Build();
        var waiters = Enumerable.Range(0, 4).Select(_ => Task.Run(() => strategy.WaitFor(0, dependents, barrier))).ToArray();
        sequencer.Publish(sequencer.Next());
        long[] seen = await Task.WhenAll(waiters).WaitAsync(Guard);
        Assert.All(seen, value => Assert.Equal(0, value));
    }
}
