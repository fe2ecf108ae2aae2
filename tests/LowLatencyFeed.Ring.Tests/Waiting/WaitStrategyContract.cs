using LowLatencyFeed.Ring.Sequencing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Waiting;

/// <summary>
/// What every wait strategy promises, run once per strategy by its test class: return at once when the sequence is
/// there, wait until a producer publishes it, wait for dependencies after the cursor, and give up on an alert.
/// </summary>
public abstract class WaitStrategyContract
{
    protected static TimeSpan Guard { get; } = TimeSpan.FromSeconds(30);

    protected abstract IWaitStrategy CreateStrategy();

    [Fact]
    public void Returns_the_cursor_at_once_when_the_sequence_is_already_published()
    {
        var (sequencer, barrier, dependents, strategy) = Build();
        sequencer.Publish(sequencer.Next(4));
        Assert.Equal(3, strategy.WaitFor(1, dependents, barrier));
    }

    [Fact]
    public async Task Waits_until_a_producer_publishes_the_sequence()
    {
        var (sequencer, barrier, dependents, strategy) = Build();
        var waiting = Task.Run(() => strategy.WaitFor(0, dependents, barrier));
        sequencer.Publish(sequencer.Next());
        Assert.Equal(0, await waiting.WaitAsync(Guard));
    }

    [Fact]
    public async Task Waits_for_the_dependencies_after_the_cursor_passed()
    {
        var (sequencer, barrier, _, strategy) = Build();
        sequencer.Publish(sequencer.Next(4)); // cursor 3
        var upstream = new Sequence(-1);
        var dependents = new DependentSequences(sequencer.CursorSequence, [upstream]);

        var waiting = Task.Run(() => strategy.WaitFor(2, dependents, barrier));
        upstream.Value = 2;
        Assert.Equal(2, await waiting.WaitAsync(Guard));
    }

    [Fact]
    public async Task An_alert_ends_the_wait_with_a_value_below_the_sequence()
    {
        var (sequencer, barrier, dependents, strategy) = Build();
        sequencer.Publish(sequencer.Next(2)); // cursor 1; the consumer asks for 5
        var waiting = Task.Run(() => strategy.WaitFor(5, dependents, barrier));
        barrier.Alert();
        Assert.Equal(1, await waiting.WaitAsync(Guard));
    }

    protected (SingleProducerSequencer Sequencer, SequenceBarrier Barrier, DependentSequences Dependents, IWaitStrategy Strategy) Build(IWaitStrategy? strategy = null)
    {
        strategy ??= CreateStrategy();
        var sequencer = new SingleProducerSequencer(8, strategy);
        return (sequencer, sequencer.NewBarrier(), new DependentSequences(sequencer.CursorSequence, []), strategy);
    }
}
