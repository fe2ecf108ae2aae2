using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed demo</c>: the simulator and the engine in one process, on defaults that need no configuration. The
/// simulator's exchange clock starts at the current time and advances one step per message at the target rate, so
/// bars built from exchange time line up with the wall-clock events that close them.
/// </summary>
public static class DemoCommand
{
    /// <summary>
    /// The indicators the demo computes: every kind on 1-second bars (so a short demo shows values within seconds) and
    /// the usual trio on 1-minute bars.
    /// </summary>
    public static List<IndicatorConfig> DemoIndicators() =>
    [
        .. Processing.Indicators.IndicatorSpec.Names.Select(name => new IndicatorConfig { Timeframe = "1s", Name = name }),
        new IndicatorConfig { Timeframe = "1m", Name = "rsi", Period = 14 },
        new IndicatorConfig { Timeframe = "1m", Name = "macd" },
        new IndicatorConfig { Timeframe = "1m", Name = "vwap" },
    ];

    /// <summary>Runs the demo until Ctrl+C or <c>--duration</c>.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        string dataDirectory = line.GetString("data-dir") ?? "./data";
        long seconds = line.GetInt64("duration", 0, 0, 31_536_000);
        long rate = line.GetInt64("rate", 2000, 1, 10_000_000);
        int instrumentCount = (int)line.GetInt64("instruments", 20, 1, 3000);
        long seed = line.GetInt64("seed", 42);
        int metricsPort = (int)line.GetInt64("metrics-port", 9464, 0, 65535);
        bool noDatabase = line.GetSwitch("no-database");
        line.RejectUnknownOptions();

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            })
            .AddFilter("Microsoft", LogLevel.Warning)
            .SetMinimumLevel(LogLevel.Information));

        var instruments = DemoInstruments.Create(instrumentCount);
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                Seed = seed,
                Instruments = instruments,
                MessagesPerSecond = rate,
                StartTimeUnixNs = MonotonicClock.Shared.UnixNanoseconds(),
                SimulatedStep = TimeSpan.FromTicks(Math.Max(1, TimeSpan.TicksPerSecond / rate)),
            },
            loggerFactory,
            cancellationToken).ConfigureAwait(false);
        var feedUri = simulator.GetFeedUri(FeedKind.Kite);
        await output.WriteLineAsync($"llfeed demo: simulator serving Kite at {feedUri} ({instruments.Count} instruments, {rate} msgs/s, seed {seed})").ConfigureAwait(false);

        var feed = new FeedOptions { Name = "kite-sim", Protocol = "kite", Url = feedUri.ToString(), StaleTimeoutSeconds = 5 };
        foreach (var instrument in instruments)
        {
            feed.Instruments.Add(new InstrumentOptions { Token = instrument.Token, Mode = SubscriptionMode.Full, PriceDecimals = instrument.PriceDecimals });
        }

        var options = new FeedHostOptions
        {
            DataDirectory = dataDirectory,
            MetricsUrl = $"http://127.0.0.1:{metricsPort}",
            Feeds = [feed],
            Database = new DatabaseOptions { PrivateCluster = !noDatabase },
            Processing = new ProcessingOptions { Indicators = DemoIndicators() },
        };
        var errors = FeedHostOptionsValidator.Validate(options, requireFeeds: true);
        if (errors.Count > 0)
        {
            throw new ConfigurationException(string.Join("; ", errors));
        }

        return await FeedHostRunner.RunAsync(
            options,
            (factory, slabs) => FeedFactory.Create(options, slabs, factory),
            [],
            seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
            output,
            cancellationToken).ConfigureAwait(false);
    }
}
