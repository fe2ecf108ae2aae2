using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>SUBSCRIBE requests, stream names per mode, and the per-connection limits.</summary>
public sealed class BinanceSubscriptionTests
{
    [Fact]
    public void Subscribe_message_lists_every_stream_with_increasing_ids()
    {
        var protocol = Create();

        IReadOnlyList<OutgoingMessage> messages = protocol.BuildSubscriptionMessages(All);

        OutgoingMessage message = Assert.Single(messages);
        Assert.Equal(MessageKind.Text, message.Kind);
        Assert.Equal(
            """{"method":"SUBSCRIBE","params":["btcusdt@trade","btcusdt@bookTicker","btcusdt@depth@100ms","bnbusdt@trade","bnbusdt@bookTicker","bnbbtc@trade","bnbbtc@bookTicker","bnbbtc@depth20@100ms"],"id":1}""",
            Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Contains("\"id\":2", Encoding.UTF8.GetString(protocol.BuildSubscriptionMessages(All)[0].Payload.Span));
    }

    [Fact]
    public void Stream_names_follow_mode_and_options()
    {
        var ltp = BtcUsdtFull with { Mode = SubscriptionMode.Ltp };
        Assert.Equal(["btcusdt@trade"], BinanceProtocol.StreamNames(ltp));
        Assert.Equal(["bnbusdt@trade", "bnbusdt@bookTicker"], BinanceProtocol.StreamNames(BnbUsdtQuote));
        Assert.Equal(
            ["btcusdt@aggTrade", "btcusdt@bookTicker", "btcusdt@depth"],
            BinanceProtocol.StreamNames(BtcUsdtFull, new BinanceProtocolOptions { UseAggregateTrades = true, DepthEvery100Milliseconds = false }));
        Assert.Equal(
            ["bnbbtc@trade", "bnbbtc@bookTicker", "bnbbtc@depth5@100ms"],
            BinanceProtocol.StreamNames(BnbBtcDepth20, new BinanceProtocolOptions { PartialDepthLevels = 5 }));
        Assert.Equal("/stream?streams=bnbusdt@trade/bnbusdt@bookTicker", Create().BuildCombinedStreamPath([BnbUsdtQuote]));
    }

    [Fact]
    public void Streams_are_spread_over_several_messages_of_at_most_the_configured_size()
    {
        var subscriptions = new Subscription[100];
        for (int i = 0; i < subscriptions.Length; i++)
        {
            subscriptions[i] = new Subscription(InstrumentId.From(FeedKind.Binance, i + 1), $"sym{i}usdt", "", SubscriptionMode.Quote, 2, 8);
        }

        var protocol = new BinanceProtocol(subscriptions, new BinanceProtocolOptions { MaxStreamsPerRequest = 64 });
        IReadOnlyList<OutgoingMessage> messages = protocol.BuildSubscriptionMessages(subscriptions);

        Assert.Equal(4, messages.Count);   // 200 streams: 64 + 64 + 64 + 8
        var all = new List<string>();
        for (int i = 0; i < messages.Count; i++)
        {
            using JsonDocument doc = JsonDocument.Parse(messages[i].Payload);
            Assert.Equal("SUBSCRIBE", doc.RootElement.GetProperty("method").GetString());
            Assert.Equal(i + 1, doc.RootElement.GetProperty("id").GetInt64());
            foreach (JsonElement stream in doc.RootElement.GetProperty("params").EnumerateArray())
            {
                all.Add(stream.GetString()!);
            }
        }

        Assert.Equal(200, all.Count);
        Assert.Equal("sym0usdt@trade", all[0]);
        Assert.Equal("sym99usdt@bookTicker", all[199]);
    }

    [Fact]
    public void More_than_1024_streams_on_one_connection_is_refused()
    {
        var subscriptions = new Subscription[513];
        for (int i = 0; i < subscriptions.Length; i++)
        {
            subscriptions[i] = new Subscription(InstrumentId.From(FeedKind.Binance, i + 1), $"s{i}", "", SubscriptionMode.Quote, 2, 8);
        }

        var protocol = new BinanceProtocol(subscriptions);

        ArgumentException error = Assert.Throws<ArgumentException>(() => protocol.BuildSubscriptionMessages(subscriptions));
        Assert.Contains("1026 streams exceed Binance's 1024", error.Message);
        Assert.Equal(1024, BinanceStreamLimits.MaxStreamsPerConnection);
        Assert.Equal(5, BinanceStreamLimits.MaxIncomingMessagesPerSecond);
    }

    [Fact]
    public void A_connect_with_a_list_the_decoder_does_not_know_adopts_it_at_the_next_message()
    {
        // A change made while no connection was open reaches the protocol only as the next connect's list.
        var protocol = Create(null, BtcUsdtFull);
        var sink = new CollectingSink(8);

        protocol.BuildSubscriptionMessages([BnbUsdtQuote]);
        Assert.Equal(1, Decode(protocol, BookTicker, ref sink));

        Assert.Equal(BnbUsdt, sink[0].Header.Instrument);
        Assert.Equal(4, sink[0].Header.PriceDecimals);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Throws<ArgumentException>(() => protocol.BuildSubscriptionMessages([BnbUsdtQuote, BtcUsdtFull with { Symbol = "BNBUSDT" }]));
    }

    [Fact]
    public void Constructor_refuses_foreign_instruments_and_duplicate_symbols()
    {
        Assert.Throws<ArgumentException>(() => new BinanceProtocol([BtcUsdtFull with { Instrument = InstrumentId.From(FeedKind.Kite, 1) }]));
        Assert.Throws<ArgumentException>(() => new BinanceProtocol([BtcUsdtFull, BnbUsdtQuote with { Symbol = "BTCUSDT" }]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinanceProtocol([BtcUsdtFull], new BinanceProtocolOptions { PartialDepthLevels = 15 }));
    }
}
