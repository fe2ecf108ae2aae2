using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Dhan.DhanTestData;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>Each kind of bad input gets its own counter and message, and loses nothing else.</summary>
public sealed class DhanMalformedInputTests
{
    [Fact]
    public void Unknown_response_code_is_skipped_by_its_length()
    {
        var (protocol, sink, published) = Decode(Bytes("63100001", "35050000", "0000000000000000", Ticker1333Hex));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode));
        Assert.Contains("response code 99", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
        Assert.Equal(161225, sink[0].Tick.LastPrice);
    }

    [Fact]
    public void Known_code_with_wrong_length_is_skipped()
    {
        // A ticker claiming 20 bytes: skipped whole, the following packet still decodes.
        var (protocol, sink, published) = Decode(Bytes("02140001", "35050000", "0088c944", "d8e18466", "00000000", Ticker1333Hex));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownPacketLength));
        Assert.Contains("expected 16", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
        Assert.Equal(Hdfc, sink[0].Header.Instrument);
    }

    [Fact]
    public void Length_shorter_than_the_header_stops_the_message_after_earlier_packets()
    {
        var (protocol, _, published) = Decode(Bytes(Ticker1333Hex, "02040001", "35050000", Ticker1333Hex));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadLengthPrefix));
        Assert.Contains("offset 16", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Packet_running_past_the_end_is_reported_as_truncated()
    {
        byte[] full = Bytes(Full1333Hex);
        var (protocol, _, published) = Decode(Bytes(Ticker1333Hex, Convert.ToHexString(full.AsSpan(0, 100))));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
        Assert.Contains("declares 162 bytes but only 100 remain", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_shorter_than_a_header_are_reported()
    {
        var (protocol, _, published) = Decode(Bytes(Ticker1333Hex, "0210"));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
    }

    [Fact]
    public void Empty_message_is_reported()
    {
        var (protocol, _, published) = Decode([]);
        Assert.Equal(0, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
    }

    [Fact]
    public void Unsubscribed_instrument_is_counted_and_skipped()
    {
        // Security 1334 on NSE_EQ, and 1333 on BSE_EQ: neither is subscribed.
        var (protocol, _, published) = Decode(Bytes("02100001", "36050000", "0088c944", "d8e18466", "02100004", "35050000", "0088c944", "d8e18466"));
        Assert.Equal(0, published);
        Assert.Equal(2, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownInstrument));
        Assert.Contains("security 1334 of segment NSE_EQ", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsubscribed_instrument_is_published_with_defaults_when_asked()
    {
        var protocol = NewProtocol(publishUnknown: true);
        var sink = new CollectingSink(1);
        protocol.Decode(Bytes("02100001", "36050000", "0088c944", "d8e18466").AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(1334, sink[0].Header.Instrument.Token);
        Assert.Equal(2, sink[0].Header.PriceDecimals);
        Assert.Equal(161225, sink[0].Tick.LastPrice);
    }

    [Theory]
    [InlineData("0000c07f")] // NaN
    [InlineData("0000807f")] // +infinity
    [InlineData("ffff7f7f")] // float.MaxValue: no long mantissa at 2 decimals
    public void Unrepresentable_price_is_counted_as_bad_number_and_skipped(string priceHex)
    {
        var (protocol, sink, published) = Decode(Bytes("02100001", "35050000", priceHex, "d8e18466", Ticker1333Hex));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadNumber));
        Assert.Equal(161225, sink[0].Tick.LastPrice);
        Assert.False(sink.HasUnpublishedClaim);
    }

    [Fact]
    public void Nan_in_a_depth_record_skips_the_whole_full_packet_without_a_dangling_claim()
    {
        byte[] full = Bytes(Full1333Hex);
        full[62 + 12 + 3] = 0x7f; // bid price of level 0 → 0x7fc98000... exponent all ones: NaN
        full[62 + 12 + 2] = 0xc9;
        var (protocol, sink, published) = Decode(full);
        Assert.Equal(0, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadNumber));
        Assert.False(sink.HasUnpublishedClaim);
    }

    [Fact]
    public void Text_message_is_counted_as_garbage()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(1);
        Assert.Equal(0, protocol.Decode("{\"error\":1}"u8, MessageKind.Text, ReceiveTimeNs, ref sink));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Garbage));
    }

    [Fact]
    public void First_error_per_reason_is_logged_with_offset_and_hex_excerpt_and_later_ones_counted()
    {
        var logger = new CapturingLogger();
        var protocol = new DhanProtocol(new DhanFeedOptions(), Subscriptions(), new FeedDiagnostics("dhan#test", logger));
        var sink = new CollectingSink(4);
        byte[] unknown = Bytes("63080001", "35050000");
        protocol.Decode(Bytes(Ticker1333Hex, Convert.ToHexString(unknown), Convert.ToHexString(unknown)).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(2, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode));
        var warning = Assert.Single(logger.Entries);
        Assert.Contains("dhan#test: UnknownMessageCode at offset 16", warning.Message, StringComparison.Ordinal);
        Assert.Contains("6308000135050000", warning.Message, StringComparison.Ordinal);
    }

    private static (DhanProtocol Protocol, CollectingSink Sink, int Published) Decode(byte[] message)
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(8);
        int published = protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(published, sink.Count);
        return (protocol, sink, published);
    }
}
