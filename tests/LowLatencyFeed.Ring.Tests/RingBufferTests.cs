using LowLatencyFeed.Ring.Sequencing;
using LowLatencyFeed.Ring.Tests.Support;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests;

public class RingBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1000)]
    [InlineData(-8)]
    public void Capacity_that_is_not_a_power_of_two_is_rejected_with_a_clear_message(int capacity)
    {
        var error = Assert.Throws<ArgumentException>(() => RingBuffer<TestEvent>.CreateSingleProducer(capacity, new BlockingWaitStrategy()));
        Assert.Contains("power of two", error.Message);
        Assert.Contains(capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void Slots_wrap_around_by_mask()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(4, new BlockingWaitStrategy());
        ring[1].Value = 11;
        Assert.Equal(11, ring[5].Value);
        Assert.Equal(11, ring[1 + (4 * 1000)].Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryNext_fails_instead_of_overwriting_an_unconsumed_slot(bool multiProducer)
    {
        var ring = multiProducer
            ? RingBuffer<TestEvent>.CreateMultiProducer(4, new BlockingWaitStrategy())
            : RingBuffer<TestEvent>.CreateSingleProducer(4, new BlockingWaitStrategy());
        var consumer = new Sequence();
        ring.Sequencer.AddGatingSequences(consumer);

        for (int i = 0; i < 4; i++)
        {
            Assert.True(ring.TryNext(out long sequence));
            Assert.Equal(i, sequence);
            ring.Publish(sequence);
        }

        Assert.False(ring.TryNext(out _));
        Assert.Equal(0, ring.Sequencer.RemainingCapacity());

        consumer.Value = 1; // consumer finished 0 and 1: two slots free
        Assert.True(ring.TryNext(2, out long highest));
        Assert.Equal(5, highest);
        Assert.False(ring.TryNext(out _));
    }

    [Fact]
    public void A_ring_can_start_after_a_given_sequence_so_ring_and_journal_sequences_agree()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, new BlockingWaitStrategy(), initialSequence: 41);
        Assert.Equal(41, ring.Cursor);
        long sequence = ring.Next();
        Assert.Equal(42, sequence);
        ring[sequence].Value = 7;
        ring.Publish(sequence);
        Assert.Equal(42, ring.Cursor);
        Assert.Equal(7, ring[42].Value);
    }

    [Fact]
    public void Multi_producer_readers_stop_at_the_first_unpublished_slot()
    {
        var ring = RingBuffer<TestEvent>.CreateMultiProducer(8, new BlockingWaitStrategy());
        long a = ring.Next();
        long b = ring.Next();
        long c = ring.Next();
        ring.Publish(a);
        ring.Publish(c);
        Assert.Equal(0, ring.Sequencer.GetHighestPublishedSequence(0, c));
        ring.Publish(b);
        Assert.Equal(2, ring.Sequencer.GetHighestPublishedSequence(0, c));
    }
}
