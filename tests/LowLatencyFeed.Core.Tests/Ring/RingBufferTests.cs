using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Core.Tests.Ring;

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
        var consumer = new LowLatencyFeed.Ring.Sequencing.Sequence();
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
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(8, new BlockingWaitStrategy(), initialSequence: 41);
        var publisher = new RingPublisher(ring);
        ref var slot = ref publisher.Claim();
        slot.Header.Kind = EventKind.Tick;
        publisher.Publish();
        Assert.Equal(42, ring.Cursor);
        Assert.Equal(42, ring[42].Header.Sequence);
    }

    [Fact]
    public void Publisher_clears_the_slot_it_claims()
    {
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(2, new BlockingWaitStrategy());
        var publisher = new RingPublisher(ring);
        for (int i = 0; i < 2; i++)
        {
            ref var slot = ref publisher.Claim();
            slot.Tick.LastPrice = 123;
            slot.Header.Kind = EventKind.Tick;
            publisher.Publish();
        }

        ref var reused = ref publisher.Claim();
        Assert.Equal(0, reused.Tick.LastPrice);
        Assert.Equal(EventKind.None, reused.Header.Kind);
    }

    [Fact]
    public void Fail_fast_publisher_drops_and_counts_when_the_ring_is_full()
    {
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(2, new BlockingWaitStrategy());
        var consumer = new LowLatencyFeed.Ring.Sequencing.Sequence();
        ring.Sequencer.AddGatingSequences(consumer);
        var publisher = new RingPublisher(ring, BackpressurePolicy.FailFast);
        for (int i = 0; i < 5; i++)
        {
            ref var slot = ref publisher.Claim();
            slot.Tick.LastPrice = i;
            publisher.Publish();
        }

        Assert.Equal(2, publisher.Statistics.Published);
        Assert.Equal(3, publisher.Statistics.Dropped);
        Assert.Equal(1, ring.Cursor);
        Assert.Equal(0, ring[0].Tick.LastPrice);
        Assert.Equal(1, ring[1].Tick.LastPrice);
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

    [Fact]
    public void Market_event_slot_is_exactly_256_bytes()
    {
        Assert.Equal(256, System.Runtime.CompilerServices.Unsafe.SizeOf<MarketEvent>());
        Assert.Equal(20, System.Runtime.CompilerServices.Unsafe.SizeOf<DepthLevel>());
    }
}
