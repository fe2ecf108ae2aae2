using LowLatencyFeed.Ring.Sequencing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Sequencing;

/// <summary>Where consumers wait: batches up to what is readable, dependencies, and alerts that end a wait early.</summary>
public sealed class SequenceBarrierTests
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(30);

    [Fact]
    public void WaitFor_returns_everything_already_published_as_one_batch()
    {
        var sequencer = new SingleProducerSequencer(8, new BlockingWaitStrategy());
        sequencer.Publish(sequencer.Next(3));
        var barrier = sequencer.NewBarrier();
        Assert.Equal(2, barrier.WaitFor(0));
        Assert.Equal(2, barrier.WaitFor(1));
    }

    [Fact]
    public void A_barrier_waits_with_the_rings_strategy_unless_its_consumer_has_its_own()
    {
        var ringStrategy = new SleepingWaitStrategy();
        var sequencer = new MultiProducerSequencer(8, ringStrategy);
        var own = new BusySpinWaitStrategy();
        Assert.Same(ringStrategy, sequencer.NewBarrier().WaitStrategy);
        Assert.Same(own, sequencer.NewBarrier(own).WaitStrategy);

        sequencer.Publish(0, sequencer.Next(3));
        Assert.Equal(2, sequencer.NewBarrier(own).WaitFor(0));
    }

    [Fact]
    public void A_consumer_cannot_wait_with_a_blocking_strategy_that_no_producer_signals()
    {
        var sequencer = new SingleProducerSequencer(8, new SleepingWaitStrategy());
        var error = Assert.Throws<ArgumentException>(() => sequencer.NewBarrier(new BlockingWaitStrategy()));
        Assert.Contains("BlockingWaitStrategy", error.Message);
        Assert.Contains("producers signal only the ring's strategy", error.Message);

        // The ring's own blocking strategy is signalled, so a consumer may name it.
        var blocking = new BlockingWaitStrategy();
        var signalled = new SingleProducerSequencer(8, blocking);
        Assert.Same(blocking, signalled.NewBarrier(blocking).WaitStrategy);
    }

    [Fact]
    public void A_dependent_barrier_stops_at_its_slowest_dependency_not_at_the_cursor()
    {
        var sequencer = new SingleProducerSequencer(16, new BlockingWaitStrategy());
        sequencer.Publish(sequencer.Next(11)); // cursor 10
        var journal = new Sequence(5);
        var bars = new Sequence(3);
        var barrier = sequencer.NewBarrier(journal, bars);
        Assert.Equal(3, barrier.DependentValue);
        Assert.Equal(3, barrier.WaitFor(2));

        bars.Value = 8;
        Assert.Equal(5, barrier.WaitFor(4));
    }

    [Fact]
    public void A_multi_producer_barrier_stops_before_the_first_unpublished_slot()
    {
        var sequencer = new MultiProducerSequencer(8, new BlockingWaitStrategy());
        long first = sequencer.Next();
        long second = sequencer.Next();
        long third = sequencer.Next();
        sequencer.Publish(first);
        sequencer.Publish(third);
        var barrier = sequencer.NewBarrier();
        Assert.Equal(0, barrier.WaitFor(0)); // 1 is claimed but not published: 2 is not readable yet
        sequencer.Publish(second);
        Assert.Equal(2, barrier.WaitFor(1));
    }

    [Fact]
    public async Task An_alert_wakes_a_waiting_consumer_which_then_sees_less_than_it_asked_for()
    {
        var sequencer = new SingleProducerSequencer(8, new BlockingWaitStrategy());
        var barrier = sequencer.NewBarrier();
        var waiting = Task.Run(() => barrier.WaitFor(0)); // nothing will be published

        barrier.Alert();
        Assert.Equal(Sequence.InitialValue, await waiting.WaitAsync(s_guard));
        Assert.True(barrier.IsAlerted);
    }

    [Fact]
    public void An_alerted_barrier_still_hands_out_what_is_already_published()
    {
        var sequencer = new SingleProducerSequencer(8, new BlockingWaitStrategy());
        sequencer.Publish(sequencer.Next(2));
        var barrier = sequencer.NewBarrier();
        barrier.Alert();
        Assert.Equal(1, barrier.WaitFor(0)); // draining on shutdown reads what is there
        Assert.Equal(1, barrier.WaitFor(2)); // and returns below the request when nothing more is
    }

    [Fact]
    public void Clearing_the_alert_lets_the_barrier_wait_again()
    {
        var sequencer = new SingleProducerSequencer(8, new BlockingWaitStrategy());
        var barrier = sequencer.NewBarrier();
        barrier.Alert();
        Assert.Equal(-1, barrier.WaitFor(0));

        barrier.ClearAlert();
        Assert.False(barrier.IsAlerted);
        sequencer.Publish(sequencer.Next());
        Assert.Equal(0, barrier.WaitFor(0));
    }
}
