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
    public async Task Every_streamed_instrument_is_in_the_master_with_the_streams_scale_tick_lot_kind_and_expiry(BrokerKind broker, FeedKind feed)
    {
        await using var brokers = await SimulatedBrokers.StartAsync(extraRows: 10);
        InstrumentMaster master = (await brokers.SyncAsync(broker, s_day)).Master!;
        IReadOnlyList<SimulatedInstrument> streamed = brokers.Server.Feeds.First(f => f.Feed == feed).DefaultInstruments;
        Assert.NotEmpty(streamed);
        foreach (SimulatedInstrument instrument in streamed)
        {
            string key = broker == BrokerKind.Dhan ? $"{instrument.Segment}|{instrument.Token}" : instrument.Token.ToString(System.Globalization.CultureInfo.InvariantCulture);
            MasterInstrument? row = master.Find(key);
            Assert.True(row is not null, $"{broker} streams {key} but its master does not list it");
            Assert.Equal(instrument.Token, row.FeedToken);
            Assert.Equal(instrument.PriceDecimals, row.PriceDecimals);
            Assert.Equal(instrument.TickSize, row.TickSize * Pow10(row.PriceDecimals));
            Assert.Equal(instrument.LotSize, row.LotSize);
            Assert.Equal(instrument.IsIndex, row.Kind == InstrumentKind.Index);
            Assert.Equal(instrument.Expiry is not null, row.Kind == InstrumentKind.Future);
            Assert.Equal(instrument.Expiry, row.Expiry);
            Assert.Equal(instrument.Name.ToUpperInvariant(), row.Kind == InstrumentKind.Index ? row.Symbol : row.BrokerSymbol.ToUpperInvariant());
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
