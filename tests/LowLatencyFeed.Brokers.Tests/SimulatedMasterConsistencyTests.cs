using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Brokers.Tests;

/// <summary>
/// The simulator's masters are written from the instruments it streams: every streamed token is in the master, read
/// back through our own parsers, with the same scale, tick, lot, kind and expiry the stream uses.
/// </summary>
public sealed class SimulatedMasterConsistencyTests
{
    private static readonly DateOnly s_day = new(2026, 1, 2);

    [Theory]
    [InlineData(BrokerKind.Kite, FeedKind.Kite)]
    [InlineData(BrokerKind.Dhan, FeedKind.Dhan)]
    [InlineData(BrokerKind.Kotak, FeedKind.Kotak)]
    [InlineData(BrokerKind.Binance, FeedKind.Binance)]
    public async Task Every_streamed_instrument_is_in_the_master_with_the_streams_scale_tick_lot_kind_and_expiry(BrokerKind broker, FeedKind feed)
    {
        await using var brokers = await SimulatedBrokers.StartAsync(extraRows: 10);
        InstrumentMaster master = (await brokers.SyncAsync(broker, s_day)).Master!;
        IReadOnlyList<SimulatedInstrument> streamed = brokers.Server.Feeds.First(f => f.Feed == feed).DefaultInstruments;
        Assert.NotEmpty(streamed);
        foreach (SimulatedInstrument instrument in streamed)
        {
            // The key each feed subscribes by: Kite's token, Dhan's segment and token, Kotak's scrip, Binance's symbol.
            string key = broker switch
            {
                BrokerKind.Dhan => $"{instrument.Segment}|{instrument.Token}",
                BrokerKind.Kotak or BrokerKind.Binance => instrument.Symbol,
                _ => instrument.Token.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            MasterInstrument? row = master.Find(key);
            Assert.True(row is not null, $"{broker} streams {key} but its master does not list it");
            Assert.Equal(instrument.TickSize / (decimal)Pow10(instrument.PriceDecimals), row.TickSize);
            Assert.Equal(instrument.IsIndex, row.Kind == InstrumentKind.Index);
            Assert.Equal(instrument.Expiry is not null, row.Kind == InstrumentKind.Future);
            Assert.Equal(instrument.Expiry, row.Expiry);
            if (broker == BrokerKind.Binance)
            {
                // Binance/README.md §10: no numeric ids (the engine's token is the symbol's hash) and the scales are the
                // decimals of tickSize and stepSize, which the stream's values (padded with zeros) never exceed.
                Assert.Equal(instrument.Symbol.ToUpperInvariant(), row.Symbol);
                Assert.Equal(BinanceExchangeInfoParser.BinanceToken(row.Symbol), row.FeedToken);
                Assert.Equal(Decimals(instrument.TickSize / (decimal)Pow10(instrument.PriceDecimals)), row.PriceDecimals);
                Assert.Equal(Decimals(instrument.LotSize / (decimal)Pow10(instrument.QuantityDecimals)), row.QuantityDecimals);
                Assert.InRange(row.PriceDecimals, 0, instrument.PriceDecimals);
                Assert.InRange(row.QuantityDecimals, 0, instrument.QuantityDecimals);
                continue;
            }

            Assert.Equal(instrument.Token, row.FeedToken);
            Assert.Equal(instrument.PriceDecimals, row.PriceDecimals);
            Assert.Equal(instrument.LotSize, row.LotSize);
            // Kotak's trading symbol carries the series (RELIANCE-EQ): its name is the master's symbol.
            Assert.Equal(instrument.Name.ToUpperInvariant(), row.Kind == InstrumentKind.Index || broker == BrokerKind.Kotak ? row.Symbol : row.BrokerSymbol.ToUpperInvariant());
        }
    }

    [Fact]
    public async Task Instruments_a_test_streams_are_listed_beside_the_defaults()
    {
        var rest = new Simulator.Rest.SimulatedBrokerRest { ExtraRows = 0 };
        var mcx = new SimulatedInstrument(5633287, 600000, TickSize: 100, LotSize: 100, Name: "CRUDEOIL26FEBFUT", Expiry: new DateOnly(2026, 2, 19));
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { HttpEndpoints = [rest], Instruments = [mcx] }, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient();
        string csv = await http.GetStringAsync(new Uri(simulator.HttpBaseUri, "rest/kite/instruments"));
        Assert.Contains("\n5633287,22005,CRUDEOIL26FEBFUT,CRUDEOIL26FEBFUT,6000,2026-02-19,0,1,100,FUT,MCX-FUT,MCX\n", csv, StringComparison.Ordinal);
        Assert.Contains("\n408065,1594,INFY,INFY,1573.7,,0,0.05,1,EQ,NSE,NSE\n", csv, StringComparison.Ordinal);
    }

    /// <summary>Decimal places of <paramref name="value"/> without trailing zeros (0.0010 → 3).</summary>
    private static int Decimals(decimal value)
    {
        int places = 0;
        while (value != decimal.Truncate(value))
        {
            value *= 10;
            places++;
        }

        return places;
    }

    private static long Pow10(int decimals)
    {
        long value = 1;
        for (int i = 0; i < decimals; i++)
        {
            value *= 10;
        }

        return value;
    }
}
