using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using Microsoft.Extensions.Logging.Abstractions;
using static LowLatencyFeed.Host.Tests.SimulatedFeedHosting;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// Names resolved through the master each broker's simulated REST side serves (written from the instruments the simulator
/// streams, Brokers/README.md §4) subscribe instruments the simulator actually streams: a host given the resolved key
/// (token, symbol or segment) and decimals receives prices for every one, at the scale the master gave.
/// </summary>
public sealed class SimulatedMasterSubscriptionTests
{
    // A day before every streamed contract's expiry, so the futures resolve (the resolver refuses expired contracts).
    private static readonly DateOnly s_day = new(2026, 1, 2);

    [Theory]
    [InlineData("kite", "/kite", "?api_key=sim-api-key&access_token=sim-access", "NSE:INFY|NSE:RELIANCE|NFO:NIFTY26FEBFUT|CDS:USDINR26FEBFUT|NSE:NIFTY 50")]
    [InlineData("dhan", "/dhan", "?version=2&token=sim-access&clientId=1000000001&authType=2", "NSE:HDFCBANK|NSE:TCS|NFO:NIFTY26FEBFUT|CDS:USDINR26JANFUT|NSE:NIFTY 50")]
    [InlineData("kotak", "/kotak", "", "NSE:RELIANCE|NSE:TCS|NFO:NIFTY26FEBFUT|CDS:USDINR26FEBFUT|NSE:NIFTY 50")]
    [InlineData("binance", "/binance/stream", "", "BINANCE:BTCUSDT|BINANCE:ETHUSDT|BINANCE:BNBUSDT")]
    public async Task Names_resolved_through_the_simulators_master_subscribe_streamed_instruments_and_receive_prices_at_the_masters_scale(
        string protocol, string path, string query, string names)
    {
        (BrokerKind broker, FeedKind feedKind) = protocol switch
        {
            "kite" => (BrokerKind.Kite, FeedKind.Kite),
            "dhan" => (BrokerKind.Dhan, FeedKind.Dhan),
            "kotak" => (BrokerKind.Kotak, FeedKind.Kotak),
            _ => (BrokerKind.Binance, FeedKind.Binance),
        };
        string data = NewDataDirectory("llfeed-master-subscribe-");
        try
        {
            await using SimulatorServer simulator = await SimulatorServer.StartAsync(
                new SimulatorOptions { MessagesPerSecond = 200, HttpEndpoints = [new SimulatedBrokerRest { ExtraRows = 20 }] }, NullLoggerFactory.Instance, CancellationToken.None);
            InstrumentMaster master = await DownloadAsync(simulator, data, broker);

            var feed = new FeedOptions
            {
                Name = protocol,
                Protocol = protocol,
                Url = simulator.GetFeedUri(path).ToString() + query,
                RestUrl = new UriBuilder(simulator.BaseUri) { Scheme = "http" }.Uri.ToString(),
                User = "simulated-user",
                SessionToken = "simulated-session",
                StaleTimeoutSeconds = 30,
            };
            foreach (string name in names.Split('|'))
            {
                feed.Instruments.Add(new InstrumentOptions { Name = name, Mode = SubscriptionMode.Quote });
            }

            FeedHostOptions options = HostOptions(data, feed);
            var errors = new List<string>();
            InstrumentNameResolver.Resolve(options, b => b == broker ? master : null, s_day, errors);
            Assert.Empty(errors);

            // Each resolved key names an instrument the simulator streams; the host gets the key alone (a name would be
            // resolved again against today's date, when the simulated contracts have expired).
            IReadOnlyList<SimulatedInstrument> streamed = simulator.Feeds.Single(f => f.Path == path).DefaultInstruments;
            var expected = new Dictionary<InstrumentId, (SimulatedInstrument Streamed, byte Decimals)>();
            foreach (InstrumentOptions instrument in feed.Instruments)
            {
                SimulatedInstrument? match = streamed.FirstOrDefault(s => broker switch
                {
                    BrokerKind.Kotak or BrokerKind.Binance => string.Equals(s.Symbol, instrument.Symbol, StringComparison.OrdinalIgnoreCase),
                    BrokerKind.Dhan => s.Token == instrument.Token && s.Segment == instrument.Segment,
                    _ => s.Token == instrument.Token,
                });
                Assert.True(match is not null, $"{instrument.Name} resolved to token {instrument.Token} '{instrument.Symbol}' '{instrument.Segment}', which the simulator does not stream");
                expected[InstrumentId.From(feedKind, instrument.Token)] = (match!, instrument.PriceDecimals!.Value);
                instrument.Name = "";
            }

            await using FeedHost host = await StartHostAsync(options);
            var seen = new Dictionary<InstrumentId, MarketEvent>();
            await WaitUntil(
                () =>
                {
                    CollectPricedTicks(host, data, expected, seen);
                    return seen.Count == expected.Count;
                },
                $"a priced tick for every one of the {expected.Count} resolved {broker} instruments");

            foreach ((InstrumentId id, (SimulatedInstrument instrument, byte decimals)) in expected)
            {
                MarketEvent tick = seen[id];
                Assert.Equal(decimals, tick.Header.PriceDecimals);

                // The price read at the master's scale is the streamed price (a random walk from the start price), not
                // one a power of ten away as a wrong scale would give.
                decimal price = tick.Tick.LastPrice / Pow10(decimals);
                decimal start = instrument.StartPrice / Pow10(instrument.PriceDecimals);
                Assert.InRange(price / start, 0.5m, 2m);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<InstrumentMaster> DownloadAsync(SimulatorServer simulator, string data, BrokerKind broker)
    {
        string root = simulator.HttpBaseUri.ToString();
        var sources = new InstrumentMasterSources
        {
            KiteRestUrl = root + "rest/kite/",
            DhanMasterUrl = root + "rest/dhan/api-scrip-master.csv",
            KotakRestUrl = root + "rest/kotak/",
            BinanceRestUrl = root + "rest/binance/",
        };
        using var http = new HttpClient();
        MasterStatus status = await new InstrumentMasterCache(data).SyncAsync(broker, s_day, new MasterDownloader(http, sources, _ => null), CancellationToken.None);
        Assert.True(status.Master is not null, status.Warning);
        return status.Master!;
    }

    /// <summary>The first journaled tick with a last price of each expected instrument.</summary>
    private static void CollectPricedTicks(FeedHost host, string data, Dictionary<InstrumentId, (SimulatedInstrument, byte)> expected, Dictionary<InstrumentId, MarketEvent> seen)
    {
        long written = host.Engine.Journal.LastWrittenSequence;
        if (written <= 0)
        {
            return;
        }

        using JournalCursor cursor = JournalReader.Open(Path.Combine(data, "journal")).Read(new JournalQuery { ToSequence = written });
        while (cursor.MoveNext())
        {
            MarketEvent e = cursor.Current;
            if (e.Header.Kind == EventKind.Tick && (e.Tick.Fields & TickFields.LastPrice) != 0 && expected.ContainsKey(e.Header.Instrument))
            {
                seen.TryAdd(e.Header.Instrument, e);
            }
        }
    }

    private static decimal Pow10(int decimals)
    {
        decimal value = 1;
        for (int i = 0; i < decimals; i++)
        {
            value *= 10;
        }

        return value;
    }
}
