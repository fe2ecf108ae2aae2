using LowLatencyFeed.Ring.Sequencing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Sequencing;

/// <summary>One publishing thread: claims are consecutive, publishing moves the cursor, capacity is gated.</summary>
public sealed class SingleProducerSequencerTests
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(30);

    [Fact]
    public void Claims_are_consecutive_from_the_initial_sequence_and_a_batch_returns_its_highest()
    {
        var sequencer = new SingleProducerSequencer(8, new BlockingWaitStrategy(), initialSequence: 9);
        Assert.Equal(9, sequencer.Cursor);
        Assert.Equal(10, sequencer.Next());
        Assert.Equal(13, sequencer.Next(3)); // 11, 12, 13
        Assert.True(sequencer.TryNext(out long next));
        Assert.Equal(14, next);
    }

    [Fact]
    public void Cursor_moves_only_on_publish_and_only_the_current_lap_is_available()
    {
        var sequencer = new SingleProducerSequencer(4, new BlockingWaitStrategy());
        Assert.Equal(3, sequencer.Next(4));
        long claimed = sequencer.Next(2); // sequences 0..5 in all (no consumer gates this sequencer)
        Assert.Equal(5, claimed);
        Assert.Equal(Sequence.InitialValue, sequencer.Cursor);
        Assert.False(sequencer.IsAvailable(0));

        sequencer.Publish(5);
        Assert.Equal(5, sequencer.Cursor);
        // Four slots: sequences 2..5 are in the ring; 0 and 1 were overwritten by 4 and 5; 6 is not published.
        Assert.True(sequencer.IsAvailable(2));
        Assert.True(sequencer.IsAvailable(5));
        Assert.False(sequencer.IsAvailable(1));
        Assert.False(sequencer.IsAvailable(6));
    }

    [Fact]
    public void Publishing_a_range_publishes_up_to_its_end_because_slots_are_published_in_claim_order()
    {
        var sequencer = new SingleProducerSequencer(8, new BlockingWaitStrategy());
        long hi = sequencer.Next(3);
        sequencer.Publish(0, hi);
        Assert.Equal(2, sequencer.Cursor);
        Assert.Equal(2, sequencer.GetHighestPublishedSequence(0, 2));
    }

    [Fact]
    public void TryNext_refuses_to_pass_the_slowest_gating_consumer()
    {
        var sequencer = new SingleProducerSequencer(4, new BlockingWaitStrategy());
        var slow = new Sequence();
        var fast = new Sequence();
        sequencer.AddGatingSequences(slow, fast);
        Assert.True(sequencer.TryNext(4, out long hi));
        sequencer.Publish(hi);
        Assert.Equal(0, sequencer.RemainingCapacity());

        fast.Value = 3;
        Assert.False(sequencer.TryNext(out _)); // the slow consumer still holds slot 0
        Assert.Equal(-1, sequencer.GetMinimumGatingSequence());

        slow.Value = 1; // slots of 0 and 1 free
        Assert.Equal(2, sequencer.RemainingCapacity());
        Assert.False(sequencer.TryNext(3, out _));
        Assert.True(sequencer.TryNext(2, out long highest));
        Assert.Equal(5, highest);
    }

    [Fact]
    public void A_removed_consumer_no_longer_gates_producers()
    {
        var sequencer = new SingleProducerSequencer(2, new BlockingWaitStrategy());
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(sequencer.Next(2));
        Assert.False(sequencer.TryNext(out _));

        Assert.True(sequencer.RemoveGatingSequence(consumer));
        Assert.False(sequencer.RemoveGatingSequence(consumer));
        Assert.True(sequencer.TryNext(out long next));
        Assert.Equal(2, next);
    }

    [Fact]
    public async Task Next_waits_for_capacity_and_continues_when_the_consumer_moves()
    {
        var sequencer = new SingleProducerSequencer(2, new BlockingWaitStrategy());
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(sequencer.Next(2));

        var third = Task.Run(() => sequencer.Next());
        consumer.Value = 0;
        Assert.Equal(2, await third.WaitAsync(s_guard));
    }

    [Fact]
    public async Task A_halt_turns_a_producer_waiting_for_capacity_into_an_error_naming_the_reason()
    {
        var sequencer = new SingleProducerSequencer(2, new BlockingWaitStrategy());
        sequencer.AddGatingSequences(new Sequence());
        sequencer.Publish(sequencer.Next(2));

        var blocked = Task.Run(() => sequencer.Next());
        sequencer.Halt("journal disk full");
        Assert.True(sequencer.IsHalted);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => blocked.WaitAsync(s_guard));
        Assert.Contains("journal disk full", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(9)]
    public void A_batch_must_be_between_one_and_the_capacity(int n)
    {
        var sequencer = new SingleProducerSequencer(8, new BlockingWaitStrategy());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(n));
        Assert.Contains("(8)", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.TryNext(n, out _));
    }

    [Fact]
    public void An_initial_sequence_before_minus_one_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SingleProducerSequencer(8, new BlockingWaitStrategy(), initialSequence: -2));
}
