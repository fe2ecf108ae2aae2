using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.KotakTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>The JSON control plane: auth frame first, subscribe frames per intent, auth response and acks.</summary>
public sealed class KotakControlPlaneTests
{
    private const string Secret = "sid-5f1e-SECRET";

    [Fact]
    public void Auth_frame_comes_first_then_one_frame_per_intent()
    {
        var protocol = new KotakSFeedProtocol(Options());
        string[] frames = Texts(protocol.BuildSubscriptionMessages(Subscriptions()));

        Assert.Equal(
            [
                "{\"user\":\"AB123\",\"auth\":\"" + Secret + "\",\"format\":\"native_batch\",\"source\":\"NEOTRADEAPI\",\"platform\":\"Web\",\"version\":\"2.2.0\",\"sdk_version\":220,\"sdk_date\":\"2025-06-11\",\"conn_req_time\":1719984600000,\"sessionValidation\":false}",
                "{\"event\":\"subscribeIndices\",\"inputtoken\":\"nse_cm|Nifty 50\",\"ack_symbol\":true}",
                "{\"event\":\"subscribeScripsLite\",\"inputtoken\":\"cde_fo|1234\",\"ack_symbol\":true}",
                "{\"event\":\"subscribeScrips\",\"inputtoken\":\"nse_cm|2885\",\"ack_symbol\":true}",
                "{\"event\":\"subscribeDepth\",\"inputtoken\":\"nse_fo|42149\",\"ack_symbol\":true}",
                "{\"event\":\"subscribeExchange\"}",
            ],
            frames);
    }

    [Fact]
    public void Tokens_are_comma_separated_and_split_by_the_per_frame_limit()
    {
        var protocol = new KotakSFeedProtocol(new KotakSFeedOptions { MaxTokensPerFrame = 2 });
        Subscription[] subscriptions = [.. Enumerable.Range(1, 5).Select(i => new Subscription(InstrumentId.From(FeedKind.Kotak, i), string.Empty, "nse_fo", SubscriptionMode.Depth20, 2, 0))];

        string[] frames = Texts(protocol.BuildSubscriptionMessages(subscriptions));

        Assert.Equal(4, frames.Length);
        Assert.Equal("{\"event\":\"subscribeFullDepth\",\"inputtoken\":\"nse_fo|1,nse_fo|2\",\"ack_symbol\":true}", frames[1]);
        Assert.Equal("{\"event\":\"subscribeFullDepth\",\"inputtoken\":\"nse_fo|5\",\"ack_symbol\":true}", frames[3]);
    }

    [Fact]
    public void More_than_3000_tokens_is_rejected()
    {
        Subscription[] subscriptions = [.. Enumerable.Range(1, 3001).Select(i => new Subscription(InstrumentId.From(FeedKind.Kotak, i), string.Empty, "nse_fo", SubscriptionMode.Quote, 2, 0))];
        Assert.Throws<ArgumentException>(() => new KotakSFeedProtocol().BuildSubscriptionMessages(subscriptions));
    }

    [Fact]
    public void Credentials_never_appear_in_options_text_or_logs()
    {
        var logger = new CapturingLogger();
        var protocol = new KotakSFeedProtocol(Options(), Subscriptions(), logger: logger);
        var sink = new CollectingSink(1);
        protocol.BuildSubscriptionMessages(Subscriptions());
        protocol.Decode(AuthResponse(), MessageKind.Text, ReceiveTimeNs, ref sink);
        protocol.Decode("{not json"u8, MessageKind.Text, ReceiveTimeNs, ref sink);

        Assert.DoesNotContain(Secret, Options().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AB123", Options().ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(logger.Entries);
        Assert.All(logger.Entries, e => Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Auth_response_1117_or_1119_sets_dividers_and_ids()
    {
        foreach (int code in new[] { 1117, 1119 })
        {
            var protocol = NewProtocol();
            var sink = new CollectingSink(1);
            Assert.Equal(0, protocol.Decode(AuthResponse(code), MessageKind.Text, ReceiveTimeNs, ref sink));
            Assert.True(protocol.IsAuthenticated);
            Assert.Equal(100, protocol.Exchanges.Divider(1));
            Assert.Equal(10_000_000, protocol.Exchanges.Divider(3));
            Assert.True(protocol.Exchanges.TryGetId("cde_fo", out byte id));
            Assert.Equal(3, id);
            Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        }
    }

    [Fact]
    public void Auth_response_may_move_a_segment_to_another_exchange_id()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        protocol.Decode("{\"message_code\":\"1119\",\"exchanges\":{\"nse_cm\":{\"value\":\"11\",\"divider\":100}}}"u8, MessageKind.Text, ReceiveTimeNs, ref sink);

        Assert.Equal(0, protocol.Decode(MarketPicture(4, 2885, 1, TouchBuy, TouchSell).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(2, protocol.Decode(MarketPicture(4, 2885, 11, TouchBuy, TouchSell).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(Reliance, sink[0].Header.Instrument);
    }

    [Fact]
    public void Native_fallback_is_reported_and_not_authenticated()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(1);
        protocol.Decode(AuthResponse(1119, "native_fallback"), MessageKind.Text, ReceiveTimeNs, ref sink);
        Assert.False(protocol.IsAuthenticated);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.InvalidValue));
        Assert.Contains("native_fallback", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Subscribe_ack_and_other_messages_are_counted_and_bad_json_reported()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(1);
        protocol.Decode(KotakSFeedEncoder.SubscribeAck([("nse_cm|2885", "RELIANCE-EQ")]), MessageKind.Text, ReceiveTimeNs, ref sink);
        protocol.Decode("{\"message_code\":2001,\"msg\":\"hello\"}"u8, MessageKind.Text, ReceiveTimeNs, ref sink);
        protocol.Decode("{\"message_code\":12"u8, MessageKind.Text, ReceiveTimeNs, ref sink);
        protocol.Decode("[1,2]"u8, MessageKind.Text, ReceiveTimeNs, ref sink);

        Assert.Equal(1, protocol.SubscribeAcks);
        Assert.Equal(1, protocol.OtherControlMessages);
        Assert.Equal(2, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadJson));
        Assert.Equal(0, sink.Count);
    }

    private static KotakSFeedOptions Options() => new()
    {
        User = "AB123",
        SessionToken = Secret,
        SdkDate = "2025-06-11",
        SubscribeExchangeStatus = true,
        UnixMilliseconds = () => 1_719_984_600_000,
    };

    private static string[] Texts(IReadOnlyList<OutgoingMessage> messages)
    {
        Assert.All(messages, m => Assert.Equal(MessageKind.Text, m.Kind));
        return [.. messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span))];
    }
}
