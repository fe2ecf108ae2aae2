using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Dhan.DhanDepthTestData;
using static LowLatencyFeed.Protocols.Tests.Dhan.DhanTestData;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>20/200-level side packets, built from Dhan/README.md §6.3–§6.4, decode to sorted one-side snapshots.</summary>
public sealed class DhanDepthVectorTests
{
    private readonly DepthSlabPool _slabs = new(8, 200);

    [Fact]
    public void Twenty_level_bid_side_is_sorted_descending_with_zero_rows_dropped_into_a_slab()
    {
        var protocol = NewDepth(SubscriptionMode.Depth20, _slabs);
        var sink = new CollectingSink(2);
        byte[] packet = Side(41, 1333, 77, Pad20(Row(1612.10, 100, 2), Row(1612.30, 50, 1), Row(1612.20, 75, 3)));
        Assert.Equal(332, packet.Length);

        Assert.Equal(1, protocol.Decode(packet.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Depth, e.Header.Kind);
        Assert.Equal(FeedKind.Dhan, e.Header.Feed);
        Assert.Equal(Hdfc, e.Header.Instrument);
        Assert.Equal(5, e.Header.SessionId);
        Assert.Equal(EventFlags.ExchangeTimeFromReceive, e.Header.Flags);
        Assert.Equal(ReceiveTimeNs, e.Header.ExchangeTimeNs);
        Assert.Equal(DepthUpdateKind.BidSnapshot, e.Depth.UpdateKind);
        Assert.Equal(3, e.Depth.BidCount);
        Assert.Equal(0, e.Depth.AskCount);
        Assert.True(e.Depth.SlabIndex >= 0);
        Assert.Equal([Level(161230, 50, 1), Level(161220, 75, 3), Level(161210, 100, 2)], Levels(_slabs, in e));
        Assert.Equal(77, _slabs.Metadata(e.Depth.SlabIndex).Tag);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Bid_then_ask_packets_stacked_in_one_message_give_two_events_asks_ascending()
    {
        var protocol = NewDepth(SubscriptionMode.Depth20, _slabs);
        var sink = new CollectingSink(4);
        byte[] bid = Side(41, 1333, 1, Pad20(Row(1612.00, 10, 1), Row(1611.95, 20, 2)));
        byte[] ask = Side(51, 1333, 2, Pad20(Row(1612.15, 7, 1), Row(1612.05, 9, 3), Row(1612.10, 11, 4)));

        Assert.Equal(2, protocol.Decode([.. bid, .. ask], MessageKind.Binary, ReceiveTimeNs, ref sink));

        Assert.Equal(DepthUpdateKind.BidSnapshot, sink[0].Depth.UpdateKind);
        Assert.Equal([Level(161200, 10, 1), Level(161195, 20, 2)], Levels(_slabs, in sink[0]));
        Assert.Equal(DepthUpdateKind.AskSnapshot, sink[1].Depth.UpdateKind);
        Assert.Equal(3, sink[1].Depth.AskCount);
        Assert.Equal(0, sink[1].Depth.BidCount);
        Assert.Equal([Level(161205, 9, 3), Level(161210, 11, 4), Level(161215, 7, 1)], Levels(_slabs, in sink[1]));
        Assert.NotEqual(sink[0].Depth.SlabIndex, sink[1].Depth.SlabIndex);
    }

    [Fact]
    public void Two_hundred_level_reads_exactly_the_header_row_count_inline_when_small()
    {
        var protocol = NewDepth(SubscriptionMode.Depth200, _slabs);
        var sink = new CollectingSink(4);

        // Header says 2 rows but the packet length covers 3: the third row is not part of the side.
        byte[] packet = Side(51, 1333, 2, Row(1612.25, 5, 1), Row(1612.20, 6, 2), Row(1600.00, 999, 9));
        Assert.Equal(1, protocol.Decode(packet.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(-1, e.Depth.SlabIndex);
        Assert.Equal(2, e.Depth.AskCount);
        Assert.Equal(Level(161220, 6, 2), e.Depth.Levels[0]);
        Assert.Equal(Level(161225, 5, 1), e.Depth.Levels[1]);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Two_hundred_level_full_side_fills_a_slab_with_all_rows()
    {
        var protocol = NewDepth(SubscriptionMode.Depth200, _slabs);
        var sink = new CollectingSink(2);
        byte[][] rows = [.. Enumerable.Range(0, 200).Select(i => Row(1000.00 - (i * 0.05), (uint)(i + 1), (uint)(i % 7)))];

        Assert.Equal(1, protocol.Decode(Side(41, 1333, 200, rows), MessageKind.Binary, ReceiveTimeNs, ref sink));

        DepthLevel[] levels = Levels(_slabs, in sink[0]);
        Assert.Equal(200, levels.Length);
        Assert.Equal(Level(100000, 1, 0), levels[0]);
        Assert.Equal(Level(99005, 200, 199 % 7), levels[199]);
    }

    [Fact]
    public void Two_hundred_level_row_count_beyond_the_packet_is_a_bad_length_and_the_next_packet_decodes()
    {
        var protocol = NewDepth(SubscriptionMode.Depth200, _slabs);
        var sink = new CollectingSink(2);
        byte[] lying = Side(41, 1333, 5, Row(1612.25, 5, 1));
        byte[] good = Side(51, 1333, 1, Row(1612.30, 1, 1));

        Assert.Equal(1, protocol.Decode([.. lying, .. good], MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadLengthPrefix));
        Assert.Contains("declares 5 rows", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
        Assert.Equal(DepthUpdateKind.AskSnapshot, sink[0].Depth.UpdateKind);
    }

    [Fact]
    public void Twenty_level_length_that_is_not_whole_rows_is_skipped()
    {
        var protocol = NewDepth(SubscriptionMode.Depth20, _slabs);
        var sink = new CollectingSink(2);
        byte[] packet = Side(41, 1333, 1, Row(1612.25, 5, 1));
        byte[] odd = [.. packet, 0, 0, 0, 0];
        odd[0] = (byte)odd.Length;

        Assert.Equal(0, protocol.Decode(odd, MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownPacketLength));
    }

    [Fact]
    public void Disconnect_reason_is_read_after_the_header_or_from_offset_8_in_the_short_form()
    {
        var protocol = NewDepth(SubscriptionMode.Depth20, _slabs);
        var sink = new CollectingSink(2);
        byte[] documented = new byte[14];
        DhanDepthEncoder.WriteDisconnect(documented, 807);
        byte[] sdk = Convert.FromHexString("0c003201" + "00000000" + "29030000"); // 12 bytes, reason 809 at offset 8

        Assert.Equal(2, protocol.Decode([.. documented, .. sdk], MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(ControlCode.ServerDisconnect, sink[0].Control.Code);
        Assert.Equal(807, sink[0].Control.Reason);
        Assert.Equal(809, sink[1].Control.Reason);
        Assert.Equal(809, protocol.LastDisconnectReason);
    }

    [Fact]
    public void Unknown_code_unknown_instrument_and_nan_price_are_counted_separately()
    {
        var protocol = NewDepth(SubscriptionMode.Depth20, _slabs);
        var sink = new CollectingSink(2);
        byte[] unknownCode = Side(42, 1333, 1, Pad20());
        byte[] unknownInstrument = Side(41, 9999, 1, Pad20());
        byte[] nan = Side(41, 1333, 1, Pad20(Row(double.NaN, 1, 1)));
        byte[] good = Side(51, 1333, 1, Pad20(Row(1612.30, 1, 1)));

        Assert.Equal(1, protocol.Decode([.. unknownCode, .. unknownInstrument, .. nan, .. good], MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownInstrument));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadNumber));
        Assert.False(sink.HasUnpublishedClaim);
    }

    [Fact]
    public void Mode_and_pool_size_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new DhanDepthProtocol(SubscriptionMode.Full, _slabs));
        Assert.Throws<ArgumentException>(() => new DhanDepthProtocol(SubscriptionMode.Depth200, new DepthSlabPool(2, 20)));
        Assert.Equal(SubscriptionMode.Depth20, new DhanDepthProtocol(SubscriptionMode.Depth20, new DepthSlabPool(2, 20)).Mode);
    }
}
