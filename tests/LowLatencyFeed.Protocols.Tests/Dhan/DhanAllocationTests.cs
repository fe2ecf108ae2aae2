using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Dhan.DhanTestData;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>Well-formed Dhan data decodes without a single managed allocation once warm.</summary>
public sealed class DhanAllocationTests
{
    private const int Rounds = 20;

    [Fact]
    public void Main_feed_span_and_sequence_paths_allocate_nothing()
    {
        var parts = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            parts.AddRange([Ticker1333Hex, Quote1333Hex, Full1333Hex, OpenInterest42661Hex, PrevClose1333Hex, Index13Hex, HeartbeatHex]);
        }

        byte[] message = Bytes([.. parts]);
        var protocol = NewProtocol();
        var sink = new CollectingSink(2000);
        var segmented = SegmentedSequence.Chunked(message, 4093);

        long allocated = Measure(() =>
        {
            sink.Clear();
            protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            sink.Clear();
            protocol.Decode(segmented, MessageKind.Binary, ReceiveTimeNs, ref sink);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(1400, sink.Count);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Theory]
    [InlineData(SubscriptionMode.Depth20)]
    [InlineData(SubscriptionMode.Depth200)]
    public void Depth_feed_allocates_nothing(SubscriptionMode mode)
    {
        var pool = new DepthSlabPool(16, 200);
        var protocol = DhanDepthTestData.NewDepth(mode, pool);
        DepthLevel[] levels = [.. Enumerable.Range(0, 20).Select(i => Level(161200 - (i * 5), 10 + i, 1 + i))];
        levels.AsSpan().Reverse(); // unsorted on the wire: the sort path runs too
        byte[] side = new byte[DhanDepthEncoder.Side200Length(20)];
        for (int i = 0; i < 2; i++)
        {
            if (mode == SubscriptionMode.Depth20)
            {
                DhanDepthEncoder.WriteSide20(side, i == 0, DhanExchangeSegment.NseEq, 1333, levels, 2);
            }
            else
            {
                DhanDepthEncoder.WriteSide200(side, i == 0, DhanExchangeSegment.NseEq, 1333, levels, 2);
            }
        }

        byte[] message = [.. Enumerable.Repeat(side, 100).SelectMany(b => b)];
        var sink = new CollectingSink(100);
        var segmented = SegmentedSequence.Chunked(message, 1000);

        long allocated = Measure(() =>
        {
            sink.Clear();
            protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            sink.Clear();
            protocol.Decode(segmented, MessageKind.Binary, ReceiveTimeNs, ref sink);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(100, sink.Count);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    /// <summary>
    /// Warms up (JIT, scratch buffers, tiering), then measures this thread's allocations over many rounds, three times,
    /// and returns the fewest bytes: a real per-message allocation shows in every measurement, the runtime's one-off
    /// work on this thread (tier-up, on-stack replacement on a loaded machine) in one at most.
    /// </summary>
    /// <summary>
    /// Regression (found by <c>llfeed fuzz</c>): each server-disconnect packet allocated 72 bytes for its log line's
    /// argument array even with logging off, so a feed repeating it made decoding allocate.
    /// </summary>
    [Fact]
    public void Repeated_disconnect_packets_allocate_nothing_on_either_feed()
    {
        byte[] packet = new byte[64];
        int length = DhanEncoder.WriteDisconnect(packet, 805);
        var main = NewProtocol();
        var depth = DhanDepthTestData.NewDepth(SubscriptionMode.Depth20, new DepthSlabPool(4, 200));
        byte[] depthPacket = new byte[64];
        int depthLength = DhanDepthEncoder.WriteDisconnect(depthPacket, 807);
        var sink = new CollectingSink(8);

        long allocated = Measure(() =>
        {
            sink.Clear();
            main.Decode(packet.AsSpan(0, length), MessageKind.Binary, ReceiveTimeNs, ref sink);
            depth.Decode(depthPacket.AsSpan(0, depthLength), MessageKind.Binary, ReceiveTimeNs, ref sink);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(805, main.LastDisconnectReason);
        Assert.Equal(807, depth.LastDisconnectReason);
        Assert.True(sink.Count > 0);
    }

    internal static long Measure(Action round)
    {
        for (int i = 0; i < 3; i++)
        {
            round();
        }

        long fewest = long.MaxValue;
        for (int measurement = 0; measurement < 3; measurement++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Rounds; i++)
            {
                round();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
