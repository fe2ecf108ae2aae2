using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Sequencing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ingress.Tests;

/// <summary>The sink parsers write into: claims, clears, stamps and publishes ring slots, or drops and counts.</summary>
public sealed class RingPublisherTests
{
    [Fact]
    public void Published_events_carry_their_ring_sequence_which_continues_after_the_journal()
    {
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(8, new BlockingWaitStrategy(), initialSequence: 41);
        var publisher = new RingPublisher(ring);
        for (int i = 0; i < 2; i++)
        {
            ref var slot = ref publisher.Claim();
            slot.Header.Kind = EventKind.Tick;
            publisher.Publish();
        }

        Assert.Equal(43, ring.Cursor);
        Assert.Equal(42, ring[42].Header.Sequence);
        Assert.Equal(43, ring[43].Header.Sequence);
        Assert.Equal(2, publisher.Statistics.Published);
        Assert.Equal(0, publisher.Statistics.Dropped);
    }

    [Fact]
    public void Nothing_is_visible_to_consumers_until_publish()
    {
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(4, new BlockingWaitStrategy());
        var publisher = new RingPublisher(ring);
        ref var slot = ref publisher.Claim();
        slot.Tick.LastPrice = 5;
        Assert.Equal(Sequence.InitialValue, ring.Cursor);
        Assert.Equal(0, publisher.Statistics.Published);

        publisher.Publish();
        Assert.Equal(0, ring.Cursor);
        Assert.Equal(5, ring[0].Tick.LastPrice);
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
        var consumer = new Sequence();
        ring.Sequencer.AddGatingSequences(consumer);
        var publisher = new RingPublisher(ring, BackpressurePolicy.FailFast);
        for (int i = 0; i < 5; i++)
        {
            ref var slot = ref publisher.Claim();
            slot.Tick.LastPrice = i;
            publisher.Publish();
        }

        // Two slots, nothing consumed: events 0 and 1 are in the ring, 2..4 were dropped without touching it.
        Assert.Equal(2, publisher.Statistics.Published);
        Assert.Equal(3, publisher.Statistics.Dropped);
        Assert.Equal(1, ring.Cursor);
        Assert.Equal(0, ring[0].Tick.LastPrice);
        Assert.Equal(1, ring[1].Tick.LastPrice);

        consumer.Value = 0; // one slot frees up: the next event goes in again
        ref var next = ref publisher.Claim();
        next.Tick.LastPrice = 9;
        publisher.Publish();
        Assert.Equal(2, ring.Cursor);
        Assert.Equal(9, ring[2].Tick.LastPrice);
        Assert.Equal(3, publisher.Statistics.Published);
        Assert.Equal(3, publisher.Statistics.Dropped);
    }

    [Fact]
    public void Wait_publisher_waits_for_the_consumer_instead_of_dropping()
    {
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(2, new BlockingWaitStrategy());
        var consumer = new Sequence();
        ring.Sequencer.AddGatingSequences(consumer);
        var publisher = new RingPublisher(ring, BackpressurePolicy.Wait);
        for (int i = 0; i < 2; i++)
        {
            publisher.Claim().Tick.LastPrice = i;
            publisher.Publish();
        }

        // The third claim must wait; halting the ring turns the wait into a clear error rather than a hang.
        var third = Task.Run(() =>
        {
            var p = new RingPublisher(ring, BackpressurePolicy.Wait, publisher.Statistics);
            p.Claim();
        });
        ring.Sequencer.Halt("test over");
        var error = Assert.Throws<AggregateException>(() => third.Wait(TimeSpan.FromSeconds(30)));
        Assert.Contains("test over", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
        Assert.Equal(0, publisher.Statistics.Dropped);
    }

    [Fact]
    public void Statistics_can_be_shared_by_publishers_of_one_producer_thread()
    {
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(8, new BlockingWaitStrategy());
        var statistics = new PublisherStatistics();
        var first = new RingPublisher(ring, statistics: statistics);
        first.Claim();
        first.Publish();
        var second = new RingPublisher(ring, statistics: statistics);
        second.Claim();
        second.Publish();
        Assert.Same(statistics, first.Statistics);
        Assert.Equal(2, statistics.Published);
    }
}
