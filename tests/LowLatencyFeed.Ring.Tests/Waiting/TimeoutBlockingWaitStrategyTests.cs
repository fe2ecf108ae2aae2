using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Waiting;

/// <summary>
/// The blocking strategy with a timeout: the same contract (with a timeout far beyond the test's own guard, so a
/// timed-out wait cannot be mistaken for a wrong one), plus waits that end with nothing new.
/// </summary>
public sealed class TimeoutBlockingWaitStrategyTests : WaitStrategyContract
{
    protected override IWaitStrategy CreateStrategy() => new BlockingWaitStrategy(TimeSpan.FromHours(1));

    [Fact]
    public async Task A_timed_out_wait_returns_what_is_there_so_the_consumer_can_run_its_timeout_work()
    {
        var (sequencer, barrier, dependents, strategy) = Build(new BlockingWaitStrategy(TimeSpan.FromMilliseconds(20)));
        sequencer.Publish(sequencer.Next(3)); // cursor 2; nobody publishes 3
        long returned = await Task.Run(() => strategy.WaitFor(3, dependents, barrier)).WaitAsync(Guard);
        Assert.Equal(2, returned);
        Assert.False(barrier.IsAlerted);
    }

    [Fact]
    public async Task A_sub_millisecond_timeout_still_ends_the_wait()
    {
        var (_, barrier, dependents, strategy) = Build(new BlockingWaitStrategy(TimeSpan.FromTicks(10)));
        Assert.Equal(TimeSpan.FromTicks(10), ((BlockingWaitStrategy)strategy).Timeout);
        Assert.Equal(-1, await Task.Run(() => strategy.WaitFor(0, dependents, barrier)).WaitAsync(Guard));
    }
}
