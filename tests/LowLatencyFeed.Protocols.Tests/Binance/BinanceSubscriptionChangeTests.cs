using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>
/// Runtime SUBSCRIBE/UNSUBSCRIBE (Binance/README.md §3, §16): the messages are the difference of the two lists' streams,
/// and the decoder knows the new symbols from the next message on.
/// </summary>
public sealed class BinanceSubscriptionChangeTests
{
    private static readonly InstrumentId s_ethUsdt = InstrumentId.From(FeedKind.Binance, 4);
    private static readonly Subscription s_ethUsdtLtp = new(s_ethUsdt, "ETHUSDT", "", SubscriptionMode.Ltp, 2, 4);

    private const string EthTrade = """{"e":"trade","E":1672515782136,"s":"ETHUSDT","t":7,"p":"2000.50","q":"1.2500","T":1672515782134,"m":false,"M":true}""";
    private const string BtcTrade = """{"e":"trade","E":1672515782136,"s":"BTCUSDT","t":8,"p":"35000.00","q":"0.00100000","T":1672515782134,"m":false,"M":true}""";

    [Fact]
    public void Change_unsubscribes_the_dropped_streams_then_subscribes_the_new_ones_with_ids_after_the_connects()
    {
        Subscription[] before = [BtcUsdtFull, BnbUsdtQuote];
        var protocol = Create(null, before);
        protocol.BuildSubscriptionMessages(before);   // id 1

        // BTCUSDT removed, BNBUSDT Quote → Full (adds its diff depth), ETHUSDT added in Ltp (trade only).
        IReadOnlyList<OutgoingMessage> messages = protocol.BuildChangeMessages(before, [BnbUsdtQuote with { Mode = SubscriptionMode.Full }, s_ethUsdtLtp]);

        Assert.Equal(
            [
                """{"method":"UNSUBSCRIBE","params":["btcusdt@trade","btcusdt@bookTicker","btcusdt@depth@100ms"],"id":2}""",
                """{"method":"SUBSCRIBE","params":["bnbusdt@depth@100ms","ethusdt@trade"],"id":3}""",
            ],
            messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.All(messages, m => Assert.Equal(MessageKind.Text, m.Kind));
        Assert.Empty(protocol.BuildChangeMessages([s_ethUsdtLtp], [s_ethUsdtLtp]));
    }

    [Fact]
    public void New_symbols_decode_at_once_and_removed_ones_publish_trades_in_flight_but_drop_their_diffs()
    {
        Subscription[] before = [BtcUsdtFull, BnbUsdtQuote];
        var protocol = Create(null, before);
        var sink = new CollectingSink(16);
        Assert.Equal(0, Decode(protocol, EthTrade, ref sink));
        Assert.Equal(1, protocol.Diagnostics.TotalErrors);   // not subscribed yet: UnknownInstrument

        protocol.BuildChangeMessages(before, [BnbUsdtQuote, s_ethUsdtLtp]);

        Assert.Equal(1, Decode(protocol, EthTrade, ref sink));
        Assert.Equal((s_ethUsdt, 200_050L, 12_500L), (sink[0].Header.Instrument, sink[0].Tick.LastPrice, sink[0].Tick.LastQuantity));
        Assert.Equal(1, Decode(protocol, BtcTrade, ref sink));   // sent before the server read the UNSUBSCRIBE: real data
        Assert.Equal(BtcUsdt, sink[1].Header.Instrument);
        Assert.Equal(0, Decode(protocol, DepthUpdate("BTCUSDT", 10, 12, 1672515782136, [("35000.00", "1.0")], []), ref sink));
        Assert.Equal(1, protocol.DiffsAfterUnsubscribe);
        Assert.Null(protocol.GetBook(BtcUsdt));
        Assert.Equal(1, protocol.Diagnostics.TotalErrors);
        Assert.Equal(3, protocol.KnownSymbols);

        // Later changes keep it known (the decoder may read its last messages long after), until it is subscribed again.
        protocol.BuildChangeMessages([BnbUsdtQuote, s_ethUsdtLtp], [s_ethUsdtLtp]);
        Assert.Equal(3, protocol.KnownSymbols);
        Assert.Equal(1, Decode(protocol, BtcTrade, ref sink));
        Assert.Equal(1, protocol.Diagnostics.TotalErrors);
        protocol.BuildChangeMessages([s_ethUsdtLtp], [s_ethUsdtLtp, BtcUsdtFull]);
        Assert.Equal(3, protocol.KnownSymbols);
        Assert.NotNull(protocol.GetBook(BtcUsdt));
    }

    [Fact]
    public void A_book_of_an_unchanged_symbol_keeps_its_state_and_a_new_diff_symbol_gets_a_book_that_asks_for_a_snapshot()
    {
        var protocol = Create(null, BtcUsdtFull);
        var requester = new RecordingSnapshotRequester();
        protocol.AttachSnapshotRequester(requester);
        BinanceBookSynchronizer book = protocol.GetBook(BtcUsdt)!;

        protocol.BuildChangeMessages([BtcUsdtFull], [BtcUsdtFull, BnbUsdtQuote with { Mode = SubscriptionMode.Full }]);

        Assert.Same(book, protocol.GetBook(BtcUsdt));
        BinanceBookSynchronizer? added = protocol.GetBook(BnbUsdt);
        Assert.NotNull(added);
        var sink = new CollectingSink(8);
        Decode(protocol, DepthUpdate("BNBUSDT", 100, 105, 1672515782136, [("25.3519", "1")], []), ref sink);
        Assert.True(added.NeedsSnapshot);
        Assert.Contains(requester.Requests, h => h.Instrument == BnbUsdt && h.Symbol == "BNBUSDT");

        // Full → Quote drops the diff stream and the book; late diffs are dropped, not published unsynchronized.
        IReadOnlyList<OutgoingMessage> messages = protocol.BuildChangeMessages([BtcUsdtFull, BnbUsdtQuote with { Mode = SubscriptionMode.Full }], [BtcUsdtFull, BnbUsdtQuote]);
        Assert.Equal("""{"method":"UNSUBSCRIBE","params":["bnbusdt@depth@100ms"],"id":2}""", Encoding.UTF8.GetString(Assert.Single(messages).Payload.Span));
        Assert.Null(protocol.GetBook(BnbUsdt));
        sink.Clear();
        Assert.Equal(0, Decode(protocol, DepthUpdate("BNBUSDT", 106, 107, 1672515782136, [("25.3519", "2")], []), ref sink));
        Assert.Equal(1, protocol.DiffsAfterUnsubscribe);
        Assert.Equal(1, Decode(protocol, BookTicker, ref sink));
    }

    [Fact]
    public void A_change_beyond_1024_streams_is_refused_and_the_decoder_stays_as_it_was()
    {
        var protocol = Create(null, BnbUsdtQuote);
        var many = new Subscription[513];
        for (int i = 0; i < many.Length; i++)
        {
            many[i] = new Subscription(InstrumentId.From(FeedKind.Binance, i + 10), $"s{i}usdt", "", SubscriptionMode.Quote, 2, 8);
        }

        ArgumentException error = Assert.Throws<ArgumentException>(() => protocol.BuildChangeMessages([BnbUsdtQuote], many));
        Assert.Contains("1026 streams exceed Binance's 1024", error.Message);
        Assert.Throws<ArgumentException>(() => protocol.BuildChangeMessages([BnbUsdtQuote], [BnbUsdtQuote, s_ethUsdtLtp with { Symbol = "bnbusdt" }]));

        var sink = new CollectingSink(4);
        Assert.Equal(1, Decode(protocol, BookTicker, ref sink));
        Assert.Equal(1, protocol.KnownSymbols);
    }
}
