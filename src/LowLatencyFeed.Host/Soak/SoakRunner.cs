using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Simulation;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Storage.Cluster;
using LowLatencyFeed.Storage.Verification;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Soak;

/// <summary>
/// The soak: an in-process simulator streaming several protocols, a throwaway PostgreSQL cluster, and a child host
/// process (<c>llfeed run</c>) that is SIGKILLed and restarted, while the database is stopped immediately and restarted
/// under it, cycle after cycle; then a clean stop and the proofs: database == journal on every column of every table,
/// and journal == what the simulator sent.
/// </summary>
public static class SoakRunner
{
    private static readonly string[] s_marketStreams = ["ticks", "trades", "quotes", "depth_levels_200"];
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Runs the soak, printing one line per cycle and the final table to <paramref name="output"/>.</summary>
    public static async Task<SoakReport> RunAsync(SoakOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        string directory = options.Directory ?? Directory.CreateTempSubdirectory("llfeed-soak-").FullName;
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            // Run as root, the cluster runs as the postgres user, which must reach its directory inside this one.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var report = new SoakReport { Kills = options.Kills, Outages = options.Outages, Directory = directory };
        try
        {
            using LocalPostgresCluster cluster = LocalPostgresCluster.Start(new LocalPostgresClusterOptions
            {
                RootDirectory = Path.Combine(directory, "postgres"),
                Durable = false,
                DeleteOnDispose = !options.Keep,
            });
            cluster.CreateDatabase("llfeed");
            string connectionString = cluster.GetConnectionString("llfeed");

            // Every sent event goes to a file per connection (12 million events in a full run: 3 GB, too much to hold).
            string sentDirectory = Directory.CreateDirectory(Path.Combine(directory, "sent")).FullName;
            await using SimulatorServer simulator = await SimulatorServer.StartAsync(
                new SimulatorOptions
                {
                    Seed = options.Seed,
                    MessagesPerSecond = options.Rate / options.Protocols.Count,
                    CaptureSentEvents = true,
                    SentEventsDirectory = sentDirectory,

                    // Exchange time now: rows of a simulated past day would fall in partitions past retention.
                    StartTimeUnixNs = MonotonicClock.Shared.UnixNanoseconds(),
                },
                NullLoggerFactory.Instance,
                cancellationToken).ConfigureAwait(false);
            var metrics = new Uri($"http://127.0.0.1:{FreePort()}/");
            string journal = Path.Combine(directory, "host", "journal");
            string config = WriteConfig(directory, options, simulator, connectionString, metrics);
            output.WriteLine($"soak: {string.Join(", ", options.Protocols)} at {options.Rate:N0} msgs/s; {options.Kills} kills, {options.Outages} outages; {directory}");

            var clock = Stopwatch.StartNew();
            int starts = 0;
            string HostLog() => Path.Combine(directory, $"host-{++starts}.log");
            SoakHostProcess host = SoakHostProcess.Start(config, metrics, HostLog());
            try
            {
                await WaitAsync(host, options, "the first rows committed", async () => await CommittedAsync(host).ConfigureAwait(false) > 0).ConfigureAwait(false);
                int cycles = Math.Max(options.Kills, options.Outages);
                for (int cycle = 1; cycle <= cycles; cycle++)
                {
                    if (cycle <= options.Kills)
                    {
                        await Task.Delay(options.RunBetweenCycles, cancellationToken).ConfigureAwait(false);
                        double cursor = await CursorAsync(host).ConfigureAwait(false);
                        await host.KillAsync().ConfigureAwait(false);
                        host.Dispose();
                        var restart = Stopwatch.StartNew();
                        host = SoakHostProcess.Start(config, metrics, HostLog());
                        await WaitAsync(host, options, "the restarted host to pass the killed one's cursor", async () => await CursorAsync(host).ConfigureAwait(false) > cursor).ConfigureAwait(false);
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill {cycle}/{options.Kills}: SIGKILL at ring cursor {cursor:0}; restarted and past it in {restart.Elapsed.TotalSeconds:0.00} s"));
                    }

                    if (cycle <= options.Outages)
                    {
                        await Task.Delay(options.RunBetweenCycles, cancellationToken).ConfigureAwait(false);
                        cluster.Stop(PostgresStopMode.Immediate);
                        await Task.Delay(options.OutageLength, cancellationToken).ConfigureAwait(false);
                        double cursor = await CursorAsync(host).ConfigureAwait(false);
                        cluster.Start();
                        var catchUp = Stopwatch.StartNew();
                        await WaitAsync(host, options, "the database to catch up", async () => await MarketCheckpointAsync(host).ConfigureAwait(false) >= cursor).ConfigureAwait(false);
                        report.CatchUps.Add(catchUp.Elapsed);
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outage {cycle}/{options.Outages}: pg_ctl stop -m immediate for {options.OutageLength.TotalSeconds:0.#} s; caught up to ring cursor {cursor:0} {catchUp.Elapsed.TotalSeconds:0.00} s after the restart"));
                    }
                }

                // Everything journaled is in the database before the clean stop, so the stop itself is only the drain:
                // the market checkpoints past the cursor, and every writer (the derived ones rebuild by replaying the
                // journal, which after a restart can outlast the stop's drain deadline) with nothing left to catch up.
                double last = await CursorAsync(host).ConfigureAwait(false);
                await WaitAsync(host, options, "the final catch-up", async () => await MarketCheckpointAsync(host).ConfigureAwait(false) >= last).ConfigureAwait(false);
                await WaitWhileProgressingAsync(host, options, "every table writer to be idle").ConfigureAwait(false);
                int exit = await host.StopAsync(options.Deadline).ConfigureAwait(false);
                if (exit != 0)
                {
                    throw new InvalidOperationException($"the host exited with {exit} on SIGTERM:{Environment.NewLine}{host.OutputTail}");
                }
            }
            finally
            {
                host.Dispose();
            }

            report.Elapsed = clock.Elapsed;
            var feeds = options.Protocols.Select((p, i) => (SimulatedFeedConfig.PathOf(p), (ushort)(i + 1))).ToList();
            report.Sent = SentEventCheck.Compare(journal, feeds, simulator.Connections);
            var processing = new ProcessingOptions { SignalsEnabled = options.Signals };
            report.Database = await DatabaseVerifier.CompareAsync(
                connectionString,
                journal,
                (sink, slabs) => [new BarBuilderHandler(processing.ToBarOptions(), sink), new BookBuilderHandler(processing.ToBookOptions(), processing.ToSignalOptions(), sink, slabs)]).ConfigureAwait(false);
        }
        finally
        {
            // A failed soak keeps its directory (each start's host log, the journal, what was sent) for diagnosis.
            if (!options.Keep && options.Directory is null && report.Passed)
            {
                TryDelete(directory);
            }
        }

        report.Write(output);
        if (!report.Passed)
        {
            output.WriteLine($"kept for diagnosis: {directory} (host-N.log of each start, host/journal, sent/)");
        }

        return report;
    }

    private static string WriteConfig(string directory, SoakOptions options, SimulatorServer simulator, string connectionString, Uri metrics)
    {
        var feeds = new List<FeedOptions>();
        foreach (string protocol in options.Protocols)
        {
            string path = SimulatedFeedConfig.PathOf(protocol);
            ISimulatedFeed feed = simulator.Feeds.Single(f => "/" + f.Path.Trim('/') == path);
            feeds.Add(SimulatedFeedConfig.For(protocol, feed.DefaultInstruments, simulator.GetFeedUri(path).ToString(), simulator.HttpBaseUri.ToString(), SimulatedFeedConfig.MaxInstruments(protocol)));
        }

        var config = new Dictionary<string, object>
        {
            ["DataDirectory"] = Path.Combine(directory, "host"),
            ["MetricsUrl"] = metrics.ToString().TrimEnd('/'),
            ["Database"] = new Dictionary<string, object> { ["ConnectionString"] = connectionString },
            ["Feeds"] = feeds,
            ["Processing"] = new Dictionary<string, object> { ["SignalsEnabled"] = options.Signals },
        };
        string file = Path.Combine(directory, "soak-config.json");
        File.WriteAllText(file, JsonSerializer.Serialize(config, s_json));
        return file;
    }

    private static async Task<double> CursorAsync(SoakHostProcess host) =>
        await host.ReadMetricAsync("llfeed_ring_cursor").ConfigureAwait(false) is { Count: > 0 } values ? values.Values.Max() : -1;

    private static async Task<double> CommittedAsync(SoakHostProcess host) =>
        await host.ReadMetricAsync("llfeed_db_rows_total").ConfigureAwait(false) is { } values ? values.Values.Sum() : 0;

    /// <summary>The lowest checkpoint of the market tables: every market row up to it is committed.</summary>
    private static async Task<double> MarketCheckpointAsync(SoakHostProcess host)
    {
        if (await host.ReadMetricAsync("llfeed_db_checkpoint").ConfigureAwait(false) is not { } values)
        {
            return -1;
        }

        double lowest = double.MaxValue;
        foreach (string stream in s_marketStreams)
        {
            lowest = Math.Min(lowest, values.TryGetValue($"{{stream=\"{stream}\"}}", out double checkpoint) ? checkpoint : -1);
        }

        return lowest;
    }

    /// <summary>
    /// Waits until every table stream's writer last found nothing to write or catch up. A derived writer far behind
    /// (its catch-ups cut short by each outage and kill, each restarting the replay from the warm-up start) may need
    /// longer than <see cref="SoakOptions.Deadline"/>: this fails only when no checkpoint moved for that long.
    /// </summary>
    private static async Task WaitWhileProgressingAsync(SoakHostProcess host, SoakOptions options, string what)
    {
        var still = Stopwatch.StartNew();
        double progress = -1;
        while (true)
        {
            if (await host.ReadMetricAsync("llfeed_db_writer_idle").ConfigureAwait(false) is { Count: > 0 } idle && idle.Values.All(v => v == 1))
            {
                return;
            }

            double sum = await host.ReadMetricAsync("llfeed_db_checkpoint").ConfigureAwait(false) is { } checkpoints ? checkpoints.Values.Sum() : -1;
            if (sum != progress)
            {
                progress = sum;
                still.Restart();
            }

            if (!host.IsRunning || still.Elapsed > options.Deadline)
            {
                throw new TimeoutException($"soak: gave up waiting for {what}: no checkpoint moved for {still.Elapsed.TotalSeconds:0} s (host {(host.IsRunning ? "running" : "exited")}):{Environment.NewLine}{host.OutputTail}");
            }

            await Task.Delay(500).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; fails (with the host's output) past the deadline or when the host dies.</summary>
    private static async Task WaitAsync(SoakHostProcess host, SoakOptions options, string what, Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (!host.IsRunning || deadline.Elapsed > options.Deadline)
            {
                throw new TimeoutException($"soak: gave up waiting for {what} after {deadline.Elapsed.TotalSeconds:0} s (host {(host.IsRunning ? "running" : "exited")}):{Environment.NewLine}{host.OutputTail}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
