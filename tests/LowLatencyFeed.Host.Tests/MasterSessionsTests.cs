using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Masters;
using LowLatencyFeed.Processing.Bars;

namespace LowLatencyFeed.Host.Tests;

/// <summary>The host's bar sessions come from each master row's exchange, keyed by the feed's instrument id.</summary>
public sealed class MasterSessionsTests
{
    [Fact]
    public void Master_rows_decide_the_session_of_their_feed_token_mcx_and_currency_from_0900_nse_from_0915()
    {
        var kite = new InstrumentMaster(BrokerKind.Kite, new DateOnly(2026, 1, 2),
        [
            Row(BrokerKind.Kite, 408065, "NSE", "NSE", "INFY"),
            Row(BrokerKind.Kite, 5633287, "MCX", "MCX-FUT", "CRUDEOIL26JANFUT"),
            Row(BrokerKind.Kite, 2097411, "CDS", "CDS-FUT", "USDINR26JANFUT"),
        ]);
        var dhan = new InstrumentMaster(BrokerKind.Dhan, new DateOnly(2026, 1, 2),
        [
            Row(BrokerKind.Dhan, 1594, "NSE", "NSE_EQ", "INFY"),
            Row(BrokerKind.Dhan, 430106, "MCX", "MCX_COMM", "GOLD26FEBFUT"),
        ]);

        ExchangeSessionMap map = MasterSessions.From([kite, dhan]);
        Assert.Equal(3, map.Count);
        Assert.Equal(new TimeSpan(9, 15, 0), map.Resolve(InstrumentId.From(FeedKind.Kite, 408065)).IntradayAnchor);
        Assert.Equal(new TimeSpan(9, 0, 0), map.Resolve(InstrumentId.From(FeedKind.Kite, 5633287)).IntradayAnchor);
        Assert.Equal(new TimeSpan(9, 0, 0), map.Resolve(InstrumentId.From(FeedKind.Kite, 2097411)).IntradayAnchor);
        Assert.Equal(new TimeSpan(9, 15, 0), map.Resolve(InstrumentId.From(FeedKind.Dhan, 1594)).IntradayAnchor);
        Assert.Equal(new TimeSpan(9, 0, 0), map.Resolve(InstrumentId.From(FeedKind.Dhan, 430106)).IntradayAnchor);

        // The same token on another feed is another instrument: Kite 430106 is not Dhan's MCX row.
        Assert.Equal(new TimeSpan(9, 15, 0), map.Resolve(InstrumentId.From(FeedKind.Kite, 430106)).IntradayAnchor);
    }

    private static MasterInstrument Row(BrokerKind broker, long token, string exchange, string segment, string symbol) => new()
    {
        Broker = broker,
        FeedToken = token,
        BrokerKey = token.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Exchange = exchange,
        Segment = segment,
        Symbol = symbol,
        BrokerSymbol = symbol,
        Kind = InstrumentKind.Equity,
        TickSize = 0.05m,
        PriceDecimals = 2,
    };
}
