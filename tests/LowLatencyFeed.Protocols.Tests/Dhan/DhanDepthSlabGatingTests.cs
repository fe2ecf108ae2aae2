using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Waiting;
using static LowLatencyFeed.Protocols.Tests.Dhan.DhanDepthTestData;
using static LowLatencyFeed.Protocols.Tests.Dhan.DhanTestData;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>The depth slab pool under a real parser and ring: slabs come back only once the consumer passed them.</summary>
public sealed class DhanDepthSlabGatingTests
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Depth_parser_on_a_real_ring_releases_slabs_only_after_the_consumer_passes_them()
    {
        // Ring of 8 slots, consumer sequence advanced by hand: the publisher stamps sequences, the pool gates on them.
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(8, new BusySpinWaitStrategy());
        var consumer = new LowLatencyFeed.Ring.Sequencing.Sequence();
        ring.Sequencer.AddGatingSequences(consumer);
        var pool = new DepthSlabPool(2, 200, ring.GetMinimumGatingSequence);
        var protocol = NewDepth(SubscriptionMode.Depth20, pool);
        var publisher = new RingPublisher(ring);
        byte[] bid = Side(41, 1333, 1, Pad20(Row(1612.00, 10, 1)));

        protocol.Decode(bid, MessageKind.Binary, ReceiveTimeNs, ref publisher); // seq 0 → slab 0
        protocol.Decode(bid, MessageKind.Binary, ReceiveTimeNs, ref publisher); // seq 1 → slab 1
        Assert.Equal(0, ring[0].Depth.SlabIndex);
        Assert.Equal(1, ring[1].Depth.SlabIndex);
        Assert.Equal(0, pool.ReferencingSequence(0));
        Assert.Equal(1, pool.ReferencingSequence(1));

        var third = Task.Run(() =>
        {
            var p = new RingPublisher(ring);
            return protocol.Decode(bid, MessageKind.Binary, ReceiveTimeNs, ref p); // seq 2 needs slab 0 back
        });
        SpinUntil(() => pool.WaitSpins > 0);
        Assert.False(third.IsCompleted);

        consumer.Value = 0; // the consumer has processed seq 0
        Assert.Equal(1, await third.WaitAsync(s_guard));
        Assert.Equal(0, ring[2].Depth.SlabIndex);
        Assert.Equal(2, pool.ReferencingSequence(0));
    }

    private static void SpinUntil(Func<bool> condition)
    {
        // A guard against hangs only; the assertions never depend on how long this takes.
        Assert.True(SpinWait.SpinUntil(condition, s_guard), "condition not reached");
    }
}
