using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Dhan.DhanTestData;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>Subscribe requests match the JSON shapes of Dhan/README.md §2 and §6.2.</summary>
public sealed class DhanRequestTests
{
    [Fact]
    public void Main_feed_groups_by_mode_with_string_ids_and_segment_names()
    {
        var protocol = new DhanProtocol();
        Subscription[] subscriptions =
        [
            new(InstrumentId.From(FeedKind.Dhan, 1333), string.Empty, "NSE_EQ", SubscriptionMode.Ltp, 2, 0),
            new(InstrumentId.From(FeedKind.Dhan, 532540), string.Empty, "BSE_EQ", SubscriptionMode.Ltp, 2, 0),
            new(InstrumentId.From(FeedKind.Dhan, 42661), string.Empty, "NSE_FNO", SubscriptionMode.Full, 2, 0),
            new(InstrumentId.From(FeedKind.Dhan, 11536), string.Empty, "NSE_EQ", SubscriptionMode.Quote, 2, 0),
            new(InstrumentId.From(FeedKind.Dhan, 99), string.Empty, "NSE_EQ", SubscriptionMode.Depth20, 2, 0),
        ];

        string[] json = Texts(protocol.BuildSubscriptionMessages(subscriptions));

        Assert.Equal(
            [
                "{\"RequestCode\":15,\"InstrumentCount\":2,\"InstrumentList\":[{\"ExchangeSegment\":\"NSE_EQ\",\"SecurityId\":\"1333\"},{\"ExchangeSegment\":\"BSE_EQ\",\"SecurityId\":\"532540\"}]}",
                "{\"RequestCode\":17,\"InstrumentCount\":1,\"InstrumentList\":[{\"ExchangeSegment\":\"NSE_EQ\",\"SecurityId\":\"11536\"}]}",
                "{\"RequestCode\":21,\"InstrumentCount\":1,\"InstrumentList\":[{\"ExchangeSegment\":\"NSE_FNO\",\"SecurityId\":\"42661\"}]}",
            ],
            json);
    }

    [Fact]
    public void At_most_100_instruments_go_in_one_message()
    {
        var subscriptions = Enumerable.Range(1, 250)
            .Select(i => new Subscription(InstrumentId.From(FeedKind.Dhan, i), string.Empty, "NSE_EQ", SubscriptionMode.Full, 2, 0))
            .ToArray();

        IReadOnlyList<OutgoingMessage> messages = new DhanProtocol().BuildSubscriptionMessages(subscriptions);

        Assert.Equal(3, messages.Count);
        string[] json = Texts(messages);
        Assert.StartsWith("{\"RequestCode\":21,\"InstrumentCount\":100,", json[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"RequestCode\":21,\"InstrumentCount\":100,", json[1], StringComparison.Ordinal);
        Assert.StartsWith("{\"RequestCode\":21,\"InstrumentCount\":50,", json[2], StringComparison.Ordinal);
        Assert.Contains("\"SecurityId\":\"101\"", json[1], StringComparison.Ordinal);
        Assert.All(messages, m => Assert.Equal(MessageKind.Text, m.Kind));
    }

    [Fact]
    public void Building_subscriptions_makes_their_instruments_decodable()
    {
        var protocol = new DhanProtocol();
        var sink = new CollectingSink(1);
        protocol.Decode(Bytes(Ticker1333Hex).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(0, sink.Count);

        protocol.BuildSubscriptionMessages(Subscriptions(SubscriptionMode.Ltp));
        protocol.Decode(Bytes(Ticker1333Hex).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(1, sink.Count);
    }

    [Fact]
    public void Depth20_uses_the_list_form_with_code_23()
    {
        var protocol = new DhanDepthProtocol(SubscriptionMode.Depth20, new DepthSlabPool(4, 200));
        string[] json = Texts(protocol.BuildSubscriptionMessages(
            [new Subscription(Hdfc, string.Empty, "NSE_EQ", SubscriptionMode.Depth20, 2, 0), new Subscription(Hdfc, string.Empty, "NSE_EQ", SubscriptionMode.Full, 2, 0)]));
        Assert.Equal(["{\"RequestCode\":23,\"InstrumentCount\":1,\"InstrumentList\":[{\"ExchangeSegment\":\"NSE_EQ\",\"SecurityId\":\"1333\"}]}"], json);
    }

    [Fact]
    public void Depth200_uses_the_flat_form_and_takes_one_instrument()
    {
        var protocol = new DhanDepthProtocol(SubscriptionMode.Depth200, new DepthSlabPool(4, 200));
        var one = new Subscription(Hdfc, string.Empty, "NSE_EQ", SubscriptionMode.Depth200, 2, 0);
        Assert.Equal(["{\"RequestCode\":23,\"ExchangeSegment\":\"NSE_EQ\",\"SecurityId\":\"1333\"}"], Texts(protocol.BuildSubscriptionMessages([one])));
        Assert.Throws<ArgumentException>(() => protocol.BuildSubscriptionMessages([one, one with { Instrument = NiftyFuture, Segment = "NSE_FNO" }]));
    }

    [Fact]
    public void Unknown_segment_name_is_a_configuration_error()
    {
        var bad = new Subscription(Hdfc, string.Empty, "NSE_XX", SubscriptionMode.Ltp, 2, 0);
        var ex = Assert.Throws<ArgumentException>(() => new DhanProtocol().BuildSubscriptionMessages([bad]));
        Assert.Contains("NSE_XX", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disconnect_request_is_code_12()
    {
        Assert.Equal("{\"RequestCode\":12}", Encoding.UTF8.GetString(DhanRequestWriter.Disconnect()));
    }

    private static string[] Texts(IReadOnlyList<OutgoingMessage> messages) => [.. messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span))];
}
