using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

/// <summary>Instruments named in the config, resolved through masters downloaded from the simulator in each broker's format.</summary>
public sealed class InstrumentNameResolverTests : IAsyncLifetime
{
    private static readonly DateOnly s_day = new(2026, 1, 2);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "llfeed-resolve-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<BrokerKind, InstrumentMaster> _masters = [];

    public async Task InitializeAsync()
    {
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [new SimulatedBrokerRest { ExtraRows = 20 }] }, NullLoggerFactory.Instance, CancellationToken.None);
        string root = simulator.HttpBaseUri.ToString();
        using var http = new HttpClient();
        var sources = new InstrumentMasterSources
        {
            KiteRestUrl = root + "rest/kite/",
            DhanMasterUrl = root + "rest/dhan/api-scrip-master.csv",
            KotakRestUrl = root + "rest/kotak/",
            BinanceRestUrl = root + "rest/binance/",
        };
        var cache = new InstrumentMasterCache(_data);
        foreach (BrokerKind broker in Enum.GetValues<BrokerKind>())
        {
            _masters[broker] = (await cache.SyncAsync(broker, s_day, new MasterDownloader(http, sources, _ => null), CancellationToken.None)).Master!;
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Names_fill_token_wire_symbol_segment_and_decimals_for_every_broker()
    {
        var options = Options(
            ("kite", new InstrumentOptions { Name = "NSE:INFY" }),
            ("kite", new InstrumentOptions { Name = "NFO:NIFTY26JANFUT" }),
            ("kite", new InstrumentOptions { Name = "CDS:USDINR26JANFUT" }),
            ("dhan", new InstrumentOptions { Name = "NSE:NIFTY 50" }),
            ("dhan", new InstrumentOptions { Name = "NFO:NIFTY26JAN24000CE" }),
            ("kotak", new InstrumentOptions { Name = "NSE:NIFTY 50" }),
            ("kotak", new InstrumentOptions { Name = "nse_cm|1594" }),
            ("binance", new InstrumentOptions { Name = "BINANCE:BTCUSDT" }));
        var errors = new List<string>();
        InstrumentNameResolver.Resolve(options, b => _masters[b], s_day, errors);
        Assert.Empty(errors);

        InstrumentOptions[] resolved = [.. options.Feeds.Select(f => f.Instruments[0])];
        Assert.Equal((408065L, (byte?)2), (resolved[0].Token, resolved[0].PriceDecimals));
        Assert.Equal(12073986L, resolved[1].Token);
        Assert.Equal((2097411L, (byte?)7), (resolved[2].Token, resolved[2].PriceDecimals));
        Assert.Equal((13L, "IDX_I"), (resolved[3].Token, resolved[3].Segment));
        Assert.Equal((35002L, "NSE_FNO"), (resolved[4].Token, resolved[4].Segment));
        Assert.Equal((26000L, "nse_cm|Nifty 50"), (resolved[5].Token, resolved[5].Symbol));
        Assert.Equal((1594L, "nse_cm|1594"), (resolved[6].Token, resolved[6].Symbol));
        Assert.Equal("btcusdt", resolved[7].Symbol);
        Assert.Equal((byte?)2, resolved[7].PriceDecimals);
        Assert.Equal((byte?)3, resolved[7].QuantityDecimals); // stepSize 0.001: the simulator streams lots of 0.001
        Assert.Equal(LowLatencyFeed.Brokers.Instruments.BinanceExchangeInfoParser.BinanceToken("BTCUSDT"), resolved[7].Token);
    }

    [Fact]
    public void Unknown_expired_not_trading_and_contradicting_instruments_are_refused_with_the_reason()
    {
        var options = Options(
            ("kite", new InstrumentOptions { Name = "NSE:NOSUCH" }),
            ("kite", new InstrumentOptions { Name = "NFO:NIFTY25DECFUT" }),
            ("binance", new InstrumentOptions { Name = "BINANCE:LUNAUSDT" }),
            ("kite", new InstrumentOptions { Name = "NSE:INFY", Token = 408066 }),
            ("kite", new InstrumentOptions { Name = "CDS:USDINR26JANFUT", PriceDecimals = 2 }),
            ("dhan", new InstrumentOptions { Name = "NSE:INFY", Segment = "BSE_EQ" }),
            ("kite", new InstrumentOptions { Name = "NSE:INFY", Token = 408065, PriceDecimals = 2 }));
        var errors = new List<string>();
        InstrumentNameResolver.Resolve(options, b => _masters[b], s_day, errors);

        Assert.Equal(6, errors.Count);
        Assert.Contains("Feeds:0:Instruments:0:Name 'NSE:NOSUCH': no such instrument in the Kite master of 2026-01-02", errors[0]);
        Assert.Contains("expired on 2025-12-30", errors[1]);
        Assert.Contains("BINANCE:LUNAUSDT is not trading", errors[2]);
        Assert.Contains("Token 408066 contradicts the master, which gives 408065", errors[3]);
        Assert.Contains("PriceDecimals 2 contradicts the master, which gives 7", errors[4]);
        Assert.Contains("Segment BSE_EQ contradicts the master, which gives NSE_EQ", errors[5]);
    }

    [Fact]
    public void The_config_loader_resolves_names_from_the_data_directory_and_names_a_missing_master()
    {
        string config = Path.Combine(_data, "llfeed.json");
        File.WriteAllText(config, $$"""
            { "DataDirectory": "{{_data}}",
              "Feeds": [ { "Name": "k", "Protocol": "kite", "Url": "ws://127.0.0.1:1/kite",
                           "Instruments": [ { "Name": "NSE:INFY" }, { "Name": "NSE:NIFTY 50", "Mode": "Quote" } ] } ] }
            """);
        FeedHostOptions options = ConfigurationLoader.Load(config, requireFeeds: true);
        Assert.Equal([408065L, 256265L], options.Feeds[0].Instruments.Select(i => i.Token));

        File.WriteAllText(config, File.ReadAllText(config).Replace(_data, _data + "-empty", StringComparison.Ordinal));
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(config, requireFeeds: true));
        Assert.Contains("no Kite instrument master is cached", error.Message);
        Assert.Contains("llfeed instruments sync --broker kite", error.Message);
    }

    private static FeedHostOptions Options(params (string Protocol, InstrumentOptions Instrument)[] instruments)
    {
        var options = new FeedHostOptions();
        int n = 0;
        foreach (var (protocol, instrument) in instruments)
        {
            options.Feeds.Add(new FeedOptions { Name = $"f{n++}", Protocol = protocol, Url = "ws://127.0.0.1:1/x", Instruments = [instrument] });
        }

        return options;
    }
}
