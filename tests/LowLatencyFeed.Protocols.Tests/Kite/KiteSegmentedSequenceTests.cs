using System.Buffers;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kite.KiteTestData;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>A message split across pipe segments anywhere must decode exactly as the contiguous one.</summary>
public sealed class KiteSegmentedSequenceTests
{
    private static readonly byte[] s_frame = Frame(Ltp, Full, Quote, IndexQuote, CdsLtp, IndexFull, Full, BcdLtp);

    [Fact]
    public void Frame_split_in_two_at_every_byte_decodes_identically()
    {
        MarketEventsFromSpan(s_frame, out var expected);
        Assert.Equal(10, expected.Count);

        for (int cut = 0; cut <= s_frame.Length; cut++)
        {
            AssertSameAsSpan(expected, SegmentedSequence.Split(s_frame, cut), $"cut at {cut}");
        }
    }

    [Fact]
    public void Frame_split_in_three_around_every_byte_decodes_identically()
    {
        MarketEventsFromSpan(s_frame, out var expected);
        for (int cut = 1; cut < s_frame.Length - 1; cut++)
        {
            AssertSameAsSpan(expected, SegmentedSequence.Split(s_frame, cut - 1, cut + 1), $"cuts at {cut - 1},{cut + 1}");
        }
    }

    [Fact]
    public void Frame_in_one_byte_segments_decodes_identically()
    {
        MarketEventsFromSpan(s_frame, out var expected);
        AssertSameAsSpan(expected, SegmentedSequence.Chunked(s_frame, 1), "1-byte segments");
    }

    [Fact]
    public void Single_segment_sequence_takes_the_span_path_with_the_same_result()
    {
        MarketEventsFromSpan(s_frame, out var expected);
        AssertSameAsSpan(expected, new ReadOnlySequence<byte>(s_frame), "single segment");
    }

    [Fact]
    public void Heartbeat_split_into_an_empty_and_a_one_byte_segment_is_still_a_heartbeat()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);
        protocol.Decode(SegmentedSequence.Split([0x00], 0), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(0, sink.Count);
        Assert.Equal(1, protocol.Heartbeats);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    private static void MarketEventsFromSpan(byte[] frame, out CollectingSink sink) => sink = DecodeSpan(NewProtocol(), frame);

    private static void AssertSameAsSpan(CollectingSink expected, ReadOnlySequence<byte> message, string context)
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(16);
        int published = protocol.Decode(message, MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(expected.Count, published);
        EventAssert.SequenceEqual(expected.Events, sink.Events, context);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }
}
