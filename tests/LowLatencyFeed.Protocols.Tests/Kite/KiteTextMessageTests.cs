using System.Text;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Protocols.Tests.Support;
using Microsoft.Extensions.Logging;
using static LowLatencyFeed.Protocols.Tests.Kite.KiteTestData;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>Heartbeats and JSON text messages: recognised and counted, never market events.</summary>
public sealed class KiteTextMessageTests
{
    [Fact]
    public void One_byte_binary_message_is_a_heartbeat_with_no_events()
    {
        var protocol = NewProtocol();
        var sink = DecodeSpan(protocol, [0x00]);

        Assert.Equal(0, sink.Count);
        Assert.Equal(1, protocol.Heartbeats);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(1, protocol.Diagnostics.Messages);
    }

    [Fact]
    public void Order_postback_is_counted_without_events()
    {
        var protocol = NewProtocol();
        int published = DecodeText(protocol, """{"type":"order","data":{"order_id":"220705000123456","status":"COMPLETE","tradingsymbol":"INFY","filled_quantity":7,"average_price":1573.7,"meta":{},"tags":["a","b"]}}""");

        Assert.Equal(0, published);
        Assert.Equal(1, protocol.OrderUpdates);
        Assert.Equal(0, protocol.ErrorMessages);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Error_message_is_counted_kept_and_logged_once()
    {
        var logger = new CapturingLogger();
        var protocol = NewProtocol(logger);
        DecodeText(protocol, """{"type":"error","data":"Invalid access token"}""");
        DecodeText(protocol, """{"data":"Too many instruments","type":"error"}""");

        Assert.Equal(2, protocol.ErrorMessages);
        Assert.Equal("Too many instruments", protocol.LastErrorText);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("Invalid access token", entry.Message, StringComparison.Ordinal);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Broker_message_is_counted()
    {
        var protocol = NewProtocol();
        DecodeText(protocol, """  {"type": "message", "data": "Exchange maintenance at 23:00"}  """);

        Assert.Equal(1, protocol.BrokerMessages);
        Assert.Equal("Exchange maintenance at 23:00", protocol.LastBrokerMessage);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Invalid_json_is_bad_json_with_its_offset()
    {
        var protocol = NewProtocol();
        DecodeText(protocol, """{"type":"order","data":{"order_id":}""");

        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadJson));
        Assert.Equal(0, protocol.OrderUpdates);
        Assert.Contains("BadJson at offset 35:", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("\"order\"")]
    [InlineData("{\"data\":\"x\"}")]
    [InlineData("{\"type\":7,\"data\":\"x\"}")]
    [InlineData("{\"type\":\"order\"} trailing")]
    [InlineData("")]
    [InlineData("\u0000\u0001")]
    public void Text_that_is_not_a_kite_message_object_is_bad_json(string text)
    {
        var protocol = NewProtocol();
        DecodeText(protocol, text);

        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadJson));
        Assert.Equal(1, protocol.Diagnostics.TotalErrors);
        Assert.Contains("BadJson at offset", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_message_type_is_an_unknown_message_code()
    {
        var protocol = NewProtocol();
        DecodeText(protocol, """{"type":"bulletin","data":{}}""");

        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode));
        Assert.Contains("\"bulletin\"", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_split_across_segments_is_recognised()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(1);
        byte[] text = """{"type":"error","data":"Invalid access token"}"""u8.ToArray();
        for (int cut = 0; cut <= text.Length; cut++)
        {
            protocol.Decode(SegmentedSequence.Split(text, cut), MessageKind.Text, ReceiveTimeNs, ref sink);
        }

        Assert.Equal(text.Length + 1, protocol.ErrorMessages);
        Assert.Equal("Invalid access token", protocol.LastErrorText);

        protocol.Decode(SegmentedSequence.Chunked("""{"type":"order","data":{"x":"""u8, 3), MessageKind.Text, ReceiveTimeNs, ref sink);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadJson));
        Assert.Equal(0, sink.Count);
    }

    [Fact]
    public void Binary_market_packet_sent_as_text_is_not_decoded_as_ticks()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);
        byte[] frame = Frame(Ltp);
        protocol.Decode(frame.AsSpan(), MessageKind.Text, ReceiveTimeNs, ref sink);

        Assert.Equal(0, sink.Count);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadJson));
    }

    private static int DecodeText(KiteProtocol protocol, string text)
    {
        var sink = new CollectingSink(4);
        int published = protocol.Decode(Encoding.UTF8.GetBytes(text).AsSpan(), MessageKind.Text, ReceiveTimeNs, ref sink);
        Assert.Equal(0, sink.Count);
        return published;
    }
}
