using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

/// <summary><c>llfeed replay --instruments</c> with master names beside ids, over masters cached from the simulator.</summary>
public sealed class InstrumentNameListTests
{
    [Fact]
    public async Task Names_resolve_to_every_cached_broker_that_lists_them_and_ids_pass_through()
    {
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [new SimulatedBrokerRest { ExtraRows = 3 }] }, NullLoggerFactory.Instance, CancellationToken.None);
        string data = Directory.CreateTempSubdirectory("llfeed-names-").FullName;
        try
        {
            string root = simulator.HttpBaseUri.ToString();
            using var http = new HttpClient();
            var sources = new InstrumentMasterSources { KiteRestUrl = root + "rest/kite/", DhanMasterUrl = root + "rest/dhan/api-scrip-master.csv" };
            var cache = new InstrumentMasterCache(data);
            var day = new DateOnly(2026, 1, 2);
            Assert.Null((await cache.SyncAsync(BrokerKind.Kite, day, new MasterDownloader(http, sources, _ => null), CancellationToken.None)).Warning);
            Assert.Null((await cache.SyncAsync(BrokerKind.Dhan, day, new MasterDownloader(http, sources, _ => null), CancellationToken.None)).Warning);

            List<InstrumentId> ids = InstrumentNameList.Parse("Kite:7 Kite:8, nse:infy ,NSE:NIFTY 50,NFO:NIFTY26JANFUT", data);

            // Kite/README.md §12 and Dhan/README.md §12 rows of the simulator: INFY 408065 / NSE_EQ|1594,
            // NIFTY 50 256265 / IDX_I|13, NIFTY26JANFUT 12073986 / NSE_FNO|35001.
            Assert.Equal(
                [InstrumentId.From(FeedKind.Kite, 7), InstrumentId.From(FeedKind.Kite, 8),
                 InstrumentId.From(FeedKind.Kite, 408065), InstrumentId.From(FeedKind.Dhan, 1594),
                 InstrumentId.From(FeedKind.Kite, 256265), InstrumentId.From(FeedKind.Dhan, 13),
                 InstrumentId.From(FeedKind.Kite, 12073986), InstrumentId.From(FeedKind.Dhan, 35001)],
                ids);
            var unknown = Assert.Throws<FormatException>(() => InstrumentNameList.Parse("Kite:7,NSE:NOSUCH", data));
            Assert.Contains("'NSE:NOSUCH' is in no instrument master cached in", unknown.Message, StringComparison.Ordinal);
            Assert.Throws<FormatException>(() => InstrumentNameList.Parse("Zerodha:7", data));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
