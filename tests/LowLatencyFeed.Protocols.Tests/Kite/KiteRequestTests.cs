using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using static LowLatencyFeed.Protocols.Tests.Kite.KiteTestData;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>Client requests: what the engine sends (Kite/README.md §2) and how the simulator reads them back.</summary>
public sealed class KiteRequestTests
{
    [Fact]
    public void Subscription_messages_are_one_subscribe_then_one_mode_per_group()
    {
        var protocol = NewProtocol();
        Subscription[] subscriptions =
        [
            Sub(408065, SubscriptionMode.Full),
            Sub(884737, SubscriptionMode.Quote),
            Sub(256265, SubscriptionMode.Ltp),
            Sub(12345, SubscriptionMode.Full),
        ];

        string[] messages = [.. protocol.BuildSubscriptionMessages(subscriptions).Select(m => Text(m))];

        Assert.Equal(
            [
                """{"a":"subscribe","v":[408065,884737,256265,12345]}""",
                """{"a":"mode","v":["ltp",[256265]]}""",
                """{"a":"mode","v":["quote",[884737]]}""",
                """{"a":"mode","v":["full",[408065,12345]]}""",
            ],
            messages);
    }

    [Fact]
    public void Repeated_tokens_are_subscribed_once_with_their_last_mode_and_no_subscriptions_send_nothing()
    {
        var protocol = NewProtocol();

        string[] messages = [.. protocol.BuildSubscriptionMessages([Sub(1, SubscriptionMode.Ltp), Sub(1, SubscriptionMode.Depth20)]).Select(m => Text(m))];

        Assert.Equal(["""{"a":"subscribe","v":[1]}""", """{"a":"mode","v":["full",[1]]}"""], messages);
        Assert.Empty(protocol.BuildSubscriptionMessages([]));
    }

    [Fact]
    public void Parser_reads_back_what_the_writer_wrote()
    {
        var subscribe = KiteRequestParser.Parse(KiteRequestWriter.Subscribe([408065, 884737]));
        Assert.Equal(KiteRequestAction.Subscribe, subscribe.Action);
        Assert.Null(subscribe.Mode);
        Assert.Equal([408065L, 884737L], subscribe.Tokens);

        var unsubscribe = KiteRequestParser.Parse(KiteRequestWriter.Unsubscribe([408065]));
        Assert.Equal(KiteRequestAction.Unsubscribe, unsubscribe.Action);
        Assert.Equal([408065L], unsubscribe.Tokens);

        foreach (KiteMode mode in Enum.GetValues<KiteMode>())
        {
            var request = KiteRequestParser.Parse(KiteRequestWriter.Mode(mode, [256265, 4294967295]));
            Assert.Equal(KiteRequestAction.Mode, request.Action);
            Assert.Equal(mode, request.Mode);
            Assert.Equal([256265L, 4294967295L], request.Tokens);
        }
    }

    [Fact]
    public void Parser_accepts_the_documented_examples_with_whitespace_and_any_key_order()
    {
        var request = KiteRequestParser.Parse(Bytes("""{ "v": ["full", [408065]], "a": "mode" }"""));

        Assert.Equal(KiteRequestAction.Mode, request.Action);
        Assert.Equal(KiteMode.Full, request.Mode);
        Assert.Equal([408065L], request.Tokens);
        Assert.Empty(KiteRequestParser.Parse(Bytes("""{"a":"subscribe","v":[]}""")).Tokens);
    }

    [Theory]
    [InlineData("""{"a":"subscribe","v":["138179588"]}""", "is a string")]
    [InlineData("""{"a":"subscribe","v":[1.5]}""", "not an unsigned 32-bit integer")]
    [InlineData("""{"a":"subscribe","v":[-1]}""", "not an unsigned 32-bit integer")]
    [InlineData("""{"a":"subscribe","v":[4294967296]}""", "not an unsigned 32-bit integer")]
    [InlineData("""{"a":"subscribe","v":408065}""", "must be a JSON array")]
    [InlineData("""{"a":"mode","v":["depth",[1]]}""", "unknown mode")]
    [InlineData("""{"a":"mode","v":["full"]}""", "[mode, [tokens]]")]
    [InlineData("""{"a":"stream","v":[1]}""", "unknown action")]
    [InlineData("""{"v":[1]}""", "no string \"a\"")]
    [InlineData("""{"a":"subscribe"}""", "no \"v\"")]
    [InlineData("""[1]""", "must be a JSON object")]
    [InlineData("""{"a":"subscribe","v":[1""", "not valid JSON")]
    public void Parser_rejects_malformed_requests_with_a_reason(string json, string reason)
    {
        Assert.False(KiteRequestParser.TryParse(Bytes(json), out var request, out string? error));
        Assert.Null(request);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => KiteRequestParser.Parse(Bytes(json)));
    }

    [Fact]
    public void Mode_names_map_both_ways()
    {
        Assert.Equal("ltp", KiteModes.Name(KiteMode.Ltp));
        Assert.Equal("quote", KiteModes.Name(KiteMode.Quote));
        Assert.Equal("full", KiteModes.Name(KiteMode.Full));
        Assert.True(KiteModes.TryParse("quote", out KiteMode quote));
        Assert.Equal(KiteMode.Quote, quote);
        Assert.False(KiteModes.TryParse("FULL", out _));
        Assert.Equal(KiteMode.Quote, KiteModes.AfterSubscribe);
    }

    private static Subscription Sub(long token, SubscriptionMode mode) =>
        new(InstrumentId.From(FeedKind.Kite, token), string.Empty, string.Empty, mode, 2, 0);

    private static string Text(OutgoingMessage message)
    {
        Assert.Equal(MessageKind.Text, message.Kind);
        return Encoding.UTF8.GetString(message.Payload.Span);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
