using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Protocols.Tests.Support;
using LowLatencyFeed.TestSupport;
using static LowLatencyFeed.Protocols.Tests.Kite.KiteTestData;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>Well-formed binary data decodes with zero managed allocation, on both the span and the sequence path.</summary>
public sealed class KiteAllocationTests
{
    private const int PacketsPerKind = 1000;

    // The fewest bytes over several rounds: a real per-message allocation shows in every round, while the runtime's
    // one-off work on this thread (tiering, on-stack replacement under a loaded machine) shows in one at most.
    private const int MeasuredRounds = 3;

    [Fact]
    public void Decoding_thousands_of_packets_from_a_span_allocates_nothing()
    {
        byte[] frame = BuildLargeFrame(out int expectedEvents);
        var protocol = NewProtocol();
        var sink = new CollectingSink(expectedEvents);

        Assert.Equal(expectedEvents, protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink)); // warm-up
        long fewest = long.MaxValue;
        int published = 0;
        for (int round = 0; round < MeasuredRounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                sink.Clear();
                published += protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
        Assert.Equal(MeasuredRounds * 10 * expectedEvents, published);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Decoding_thousands_of_packets_from_a_multi_segment_sequence_allocates_nothing()
    {
        byte[] frame = BuildLargeFrame(out int expectedEvents);
        var message = SegmentedSequence.Chunked(frame, 4093); // odd size: many packets straddle segments
        var protocol = NewProtocol();
        var sink = new CollectingSink(expectedEvents);

        Assert.Equal(expectedEvents, protocol.Decode(message, MessageKind.Binary, ReceiveTimeNs, ref sink)); // warm-up
        long fewest = long.MaxValue;
        for (int round = 0; round < MeasuredRounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                sink.Clear();
                protocol.Decode(message, MessageKind.Binary, ReceiveTimeNs, ref sink);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
        Assert.Equal(expectedEvents, sink.Count);
    }

    [Fact]
    public void Heartbeats_allocate_nothing()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(1);
        byte[] heartbeat = [0];
        protocol.Decode(heartbeat.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        IReadOnlyList<long> windows = AllocationWindows.UntilZero(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                protocol.Decode(heartbeat.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            }
        });

        Assert.True(windows[^1] == 0, AllocationWindows.Describe(windows));
        Assert.Equal(1 + (1000L * windows.Count), protocol.Heartbeats);
    }

    [Fact]
    public void Repeated_malformed_packets_are_counted_without_allocating_after_the_first()
    {
        byte[] frame = Frame(UnknownSegmentLtp, Ltp, Hex("0000 0001 02"));
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);
        protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink); // first of each reason: logged
        long fewest = long.MaxValue;
        for (int round = 0; round < MeasuredRounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                sink.Clear();
                protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
        Assert.Equal(1, sink.Count); // the LTP between the bad packets still flows
        Assert.Equal(1 + MeasuredRounds * 1000, protocol.Diagnostics.ErrorCount(ParseErrorReason.InvalidValue));
        Assert.Equal(1 + MeasuredRounds * 1000, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownPacketLength));
    }

    private static byte[] BuildLargeFrame(out int expectedEvents)
    {
        byte[][] kinds = [Ltp, Quote, Full, IndexQuote, IndexFull, CdsLtp];
        var buffer = new byte[KiteEncoder.MaxFrameLength(kinds.Length * PacketsPerKind)];
        var writer = new KiteFrameWriter(buffer);
        expectedEvents = 0;
        for (int i = 0; i < PacketsPerKind; i++)
        {
            foreach (byte[] packet in kinds)
            {
                Assert.True(writer.TryAppendPacket(packet));
                expectedEvents += packet.Length == 184 ? 2 : 1;
            }
        }

        return writer.WrittenSpan.ToArray();
    }
}
