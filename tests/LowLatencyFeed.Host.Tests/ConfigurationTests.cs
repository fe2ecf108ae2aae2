using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_valid_config_loads_with_defaults_for_what_it_omits()
    {
        string path = Write("""
            { "Feeds": [ { "Name": "k", "Protocol": "kite", "Url": "ws://127.0.0.1:1/kite",
                           "Instruments": [ { "Token": 408065, "Mode": "Quote" } ] } ] }
            """);
        var options = ConfigurationLoader.Load(path, requireFeeds: true);
        Assert.Equal(65_536, options.Ring.Capacity);
        Assert.Equal(LowLatencyFeed.Ring.Waiting.WaitStrategyKind.Sleeping, options.Ring.WaitStrategy);
        Assert.Equal(408065, options.Feeds[0].Instruments[0].Token);
        Assert.Equal(LowLatencyFeed.Protocols.Common.SubscriptionMode.Quote, options.Feeds[0].Instruments[0].Mode);
    }

    [Fact]
    public void A_configured_list_replaces_its_default_instead_of_adding_to_it()
    {
        string feeds = """ "Feeds": [ { "Name": "k", "Protocol": "kite", "Url": "ws://127.0.0.1:1/kite", "Instruments": [ { "Token": 408065 } ] } ] """;
        var defaults = ConfigurationLoader.Load(Write("{" + feeds + "}"), requireFeeds: true);
        Assert.Equal(["1s", "1m", "5m", "15m", "1h", "4h", "1d"], defaults.Processing.Timeframes);
        Assert.Equal([1, 5, 20, 0], defaults.Processing.ImbalanceDepths);
        Assert.Equal([1, 5, 20], defaults.Processing.Scoring.ReturnHorizons);

        var configured = ConfigurationLoader.Load(
            Write("""{ "Processing": { "Timeframes": ["1m", "5m"], "ImbalanceDepths": [5], "Scoring": { "ReturnHorizons": [2, 4] } }, """ + feeds + "}"),
            requireFeeds: true);
        Assert.Equal(["1m", "5m"], configured.Processing.Timeframes);
        Assert.Equal([5], configured.Processing.ImbalanceDepths);
        Assert.Equal([2, 4], configured.Processing.Scoring.ReturnHorizons);
    }

    [Fact]
    public void Journal_compression_defaults_to_lz4_and_none_reaches_the_writer()
    {
        string feeds = """ "Feeds": [ { "Name": "k", "Protocol": "kite", "Url": "ws://127.0.0.1:1/kite", "Instruments": [ { "Token": 408065 } ] } ] """;
        var defaults = ConfigurationLoader.Load(Write("{" + feeds + "}"), requireFeeds: true);
        Assert.Equal(LowLatencyFeed.Journal.Writing.JournalCompression.Lz4, defaults.Journal.ToWriterOptions(_directory).Compression);
        var plain = ConfigurationLoader.Load(Write("""{ "Journal": { "Compression": "None" }, """ + feeds + "}"), requireFeeds: true);
        Assert.Equal(LowLatencyFeed.Journal.Writing.JournalCompression.None, plain.Journal.ToWriterOptions(_directory).Compression);
    }

    [Fact]
    public void Every_invalid_value_is_named_with_its_path()
    {
        string path = Write("""
            { "Ring": { "Capacity": 1000 }, "MetricsUrl": "ftp://x",
              "Feeds": [ { "Name": "", "Protocol": "carrier-pigeon", "Url": "http://nope", "StaleTimeoutSeconds": 0,
                           "Instruments": [ { "Token": -5 } ] } ] }
            """);
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, requireFeeds: true));
        Assert.Contains("Ring:Capacity must be a power of two ≥ 2, got 1000", error.Message);
        Assert.Contains("MetricsUrl must be an absolute http:// URL, got 'ftp://x'", error.Message);
        Assert.Contains("Feeds:0:Name is required", error.Message);
        Assert.Contains("Feeds:0:Protocol 'carrier-pigeon' is not supported", error.Message);
        Assert.Contains("Feeds:0:Url must be a ws:// or wss:// URL", error.Message);
        Assert.Contains("Feeds:0:StaleTimeoutSeconds must be between 0.5 and 600, got 0", error.Message);
        Assert.Contains("Feeds:0:Instruments:0:Token must be a positive broker token, got -5", error.Message);
    }

    [Fact]
    public void Database_writer_settings_are_checked_and_reach_the_storage_options()
    {
        var bad = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(
            Write("""{ "Database": { "BatchRows": 4, "MaxBatchAgeMilliseconds": 0, "CopySessionsPerStream": 3 } }"""), requireFeeds: false));
        Assert.Contains("Database:BatchRows must be between 16 and 16777216, got 4", bad.Message);
        Assert.Contains("Database:MaxBatchAgeMilliseconds must be between 1 and 600000, got 0", bad.Message);
        Assert.Contains("Database:CopySessionsPerStream must be 1 or 2, got 3", bad.Message);

        var options = ConfigurationLoader.Load(Write("""{ "Database": { "BatchRows": 1024, "CopySessionsPerStream": 1 } }"""), requireFeeds: false);
        var storage = options.Database.ToStorageOptions();
        Assert.Equal(1024, storage.BatchRows);
        Assert.Equal(1, storage.CopySessionsPerStream);
        Assert.Equal(TimeSpan.FromMilliseconds(250), storage.MaxBatchAge);
    }

    [Fact]
    public void Indicators_per_timeframe_load_with_defaults_and_every_bad_entry_is_named()
    {
        var options = ConfigurationLoader.Load(Write("""
            { "Processing": { "Indicators": [ { "Timeframe": "1m", "Name": "rsi", "Period": 14 },
                                              { "Timeframe": "5m", "Name": "macd" },
                                              { "Timeframe": "1m", "Name": "bollinger", "Period": 20, "Multiplier": 2.5 } ] } }
            """), requireFeeds: false);
        var indicators = options.Processing.ToIndicatorOptions().Indicators.Select(spec => spec.WithDefaults()).ToList();
        Assert.Equal(["rsi(14)", "macd(12,26,9)", "bollinger(20,2.5)"], indicators.Select(spec => spec.Label));
        Assert.Equal(TimeSpan.FromMinutes(5), indicators[1].Timeframe);

        var bad = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(Write("""
            { "Processing": { "Indicators": [ { "Timeframe": "1m", "Name": "rsx" },
                                              { "Timeframe": "3m", "Name": "sma" },
                                              { "Timeframe": "1m", "Name": "ema", "Period": -2 },
                                              { "Timeframe": "1m", "Name": "macd", "Period": 26, "SlowPeriod": 12 },
                                              { "Timeframe": "1m", "Name": "supertrend", "Multiplier": -1 },
                                              { "Timeframe": "1m", "Name": "rsi" }, { "Timeframe": "1m", "Name": "RSI", "Period": 14 },
                                              { "Timeframe": "soon", "Name": "obv" } ] } }
            """), requireFeeds: false));
        Assert.Contains("Processing:Indicators:0:Name 'rsx' is not an indicator; use one of sma, ema, wma, rsi, macd,", bad.Message);
        Assert.Contains("Processing:Indicators:1:Timeframe '3m' is not one of Processing:Timeframes (1s 1m 5m 15m 1h 4h 1d)", bad.Message);
        Assert.Contains("Processing:Indicators:2 (ema(-2)): The period must be between 1 and 10000, was -2.", bad.Message);
        Assert.Contains("Processing:Indicators:3 (macd(26,12,9)): The fast period (26) must be shorter than the slow period (12).", bad.Message);
        Assert.Contains("Processing:Indicators:4 (supertrend(10,-1)): The multiplier must be a positive number, was -1.", bad.Message);
        Assert.Contains("Processing:Indicators:6 repeats Processing:Indicators:5 (rsi(14) on 1m)", bad.Message);
        Assert.Contains("Processing:Indicators:7:Timeframe: 'soon' is not a duration such as 1s, 5m, 1h or 1d", bad.Message);
    }

    [Fact]
    public void Unknown_keys_invalid_json_and_a_missing_file_are_refused_clearly()
    {
        var unknown = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(Write("""{ "Rign": { "Capacity": 8 } }"""), requireFeeds: false));
        Assert.Contains("Rign", unknown.Message);

        var json = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(Write("{ not json"), requireFeeds: false));
        Assert.Contains("is not valid JSON", json.Message);

        var missing = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(Path.Combine(_directory, "absent.json"), requireFeeds: false));
        Assert.Contains("does not exist", missing.Message);

        var empty = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(Write("{}"), requireFeeds: true));
        Assert.Contains("Feeds is empty", empty.Message);
    }

    [Fact]
    public void Secrets_come_from_the_environment_then_the_secrets_file_and_missing_ones_are_named_not_shown()
    {
        string file = Path.Combine(_directory, "secrets.json");
        File.WriteAllText(file, """{ "LLFEED_TEST_TOKEN": "a b&c", "LLFEED_TEST_KEY": "from-file" }""");
        Environment.SetEnvironmentVariable("LLFEED_TEST_KEY", "from-env");
        try
        {
            var resolver = new SecretResolver(file);
            Assert.Equal("wss://h/?k=from-env&t=a%20b%26c", resolver.Resolve("wss://h/?k=${LLFEED_TEST_KEY}&t=${LLFEED_TEST_TOKEN}"));
            var error = Assert.Throws<InvalidOperationException>(() => resolver.Resolve("wss://h/?x=${LLFEED_TEST_ABSENT}"));
            Assert.Contains("LLFEED_TEST_ABSENT", error.Message);
            Assert.DoesNotContain("from-env", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LLFEED_TEST_KEY", null);
        }
    }

    [Fact]
    public void The_shipped_example_config_and_its_core_map_load_and_pinning_stays_off_by_default()
    {
        string nativeConfig = Path.Combine(RepositoryRoot(), "native-config");
        Environment.SetEnvironmentVariable("KITE_API_KEY", null);
        var options = ConfigurationLoader.Load(Path.Combine(nativeConfig, "llfeed.example.json"), requireFeeds: true);
        Assert.False(options.Pinning.Enabled);
        Assert.Equal(2, options.Pinning.Cores["journal"]);
        Assert.Equal("kite", options.Feeds[0].Protocol);
    }

    [Fact]
    public void A_missing_core_map_is_named()
    {
        string path = Write("""{ "Pinning": { "CoreMapFile": "nowhere.json" } }""");
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, requireFeeds: false));
        Assert.Contains("core map file", error.Message);
        Assert.Contains("nowhere.json", error.Message);
    }

    [Fact]
    public void Urls_are_logged_without_their_query_string()
    {
        Assert.Equal("wss://ws.kite.trade/?<redacted>", UrlRedaction.Redact("wss://ws.kite.trade/?api_key=k&access_token=secret"));
        Assert.Equal("ws://127.0.0.1:1/kite", UrlRedaction.Redact("ws://127.0.0.1:1/kite"));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LowLatencyFeed.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    private string Write(string json)
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
