using System.Diagnostics;
using System.Globalization;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Host.Simulation;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.Simulator.Stamping;
using LowLatencyFeed.Storage;
using LowLatencyFeed.Storage.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Benchmarks.EndToEnd;

/// <summary>
/// End-to-end harness through the whole engine: the loopback simulator speaks several protocols at once (Kite, Dhan,
/// Kotak SFeed by default, full mode), each connection paced at its share of the target rate and stamping every
/// update's scheduled send time into a side table (<see cref="SimulatedSendSchedule"/>: these wire formats carry
/// seconds only); the real engine graph (feed sessions → ring → journal ∥ bars ∥ books → database stager with a real
/// PostgreSQL on a private cluster) runs with <see cref="EndToEndProbe"/> on its last stage. Per rate: send→stage and
/// receive→stage percentiles (HdrHistogram), sustained events/s, ring lag, database rows/s and deferred rows, the
/// process's allocation rate and GC counts. Writes a markdown table and two PNGs (latency percentiles, throughput over
/// time) to <c>--out</c>.
/// Usage: e2e [--rates 10000,50000,100000,200000,0] [--seconds 10] [--protocols kite,dhan,kotak] [--kite-instruments 50]
/// [--database on|off] [--out docs/performance] [--max-messages 3000000] [--wait sleeping|yielding|blocking] [--spin journal|bars|books|db-stager] [--journal-block-thread on|off]
/// [--journal lz4|none] (rate 0 = max: as fast as the engine reads). <c>--spin</c> busy-spins that one consumer
/// (<c>Ring:SpinningConsumer</c>); ring-wide busy-spin is refused: on 2 cores it would spin five threads.
/// <c>--tag</c> adds a suffix to the output file names.
/// </summary>
public static class EndToEndHarness
{
    private static readonly TimeSpan s_sample = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(string[] args)
    {
        long[] rates = [10_000, 50_000, 100_000, 200_000, 0];
        int seconds = 10;
        string[] protocols = ["kite", "dhan", "kotak"];
        int kiteInstruments = 50;
        bool database = true;
        string output = "docs/performance";
        long maxMessages = 3_000_000;
        var wait = LowLatencyFeed.Ring.Waiting.WaitStrategyKind.Sleeping;
        var compression = LowLatencyFeed.Journal.Writing.JournalCompression.Lz4;
        bool blockThread = true;
        string spin = string.Empty;
        string tag = string.Empty;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rates": rates = [.. args[i + 1].Split(',').Select(r => long.Parse(r, CultureInfo.InvariantCulture))]; break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--protocols": protocols = args[i + 1].Split(','); break;
                case "--kite-instruments": kiteInstruments = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--database": database = args[i + 1] != "off"; break;
                case "--out": output = args[i + 1]; break;
                case "--max-messages": maxMessages = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--journal-block-thread": blockThread = args[i + 1] != "off"; break;
                case "--journal": compression = Enum.Parse<LowLatencyFeed.Journal.Writing.JournalCompression>(args[i + 1], ignoreCase: true); break;
                case "--wait": wait = Enum.Parse<LowLatencyFeed.Ring.Waiting.WaitStrategyKind>(args[i + 1], ignoreCase: true); break;
                case "--spin": spin = args[i + 1]; break;
                case "--tag": tag = "-" + args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        if (wait == LowLatencyFeed.Ring.Waiting.WaitStrategyKind.BusySpin && Environment.ProcessorCount < FeedHostOptionsValidator.BusySpinMinimumCores)
        {
            Console.Error.WriteLine($"e2e: --wait busyspin spins every consumer of the ring; this machine has {Environment.ProcessorCount} cores. Use --spin <consumer> to spin one.");
            return 2;
        }

        if (spin.Length > 0 && !FeedHostOptionsValidator.IngressConsumers.Contains(spin))
        {
            Console.Error.WriteLine($"e2e: --spin must name one ingress consumer ({string.Join(", ", FeedHostOptionsValidator.IngressConsumers)}), got '{spin}'");
            return 2;
        }

        Directory.CreateDirectory(output);
        string root = Directory.CreateTempSubdirectory("llfeed-e2e-").FullName;
        LocalPostgresCluster? cluster = database
            ? LocalPostgresCluster.Start(new LocalPostgresClusterOptions
            {
                // Not under the 0700 temp directory: initdb runs as the postgres user when we are root.
                RootDirectory = Path.Combine(Path.GetTempPath(), "llfeed-e2e-pg-" + Guid.NewGuid().ToString("N")[..10]),
                Durable = true,
                DeleteOnDispose = true,
                Settings = new Dictionary<string, string> { ["synchronous_commit"] = "off", ["shared_buffers"] = "'256MB'", ["max_wal_size"] = "'4GB'" },
            })
            : null;
        try
        {
            string started = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            string header = $"# end-to-end through the whole engine, {started}: {string.Join("+", protocols)} (full mode) on loopback, {seconds} s per rate, "
                + $"{(database ? "PostgreSQL (private cluster, same machine)" : "no database (stager stand-in)")}, ring wait {wait}{(spin.Length > 0 ? ", spinning " + spin : "")}, journal {compression}{(blockThread ? " on its block thread" : " on its ring consumer")}, {Environment.ProcessorCount} cores, load average {LoadAverage()}";
            Console.WriteLine(header);

            // A short run first, not reported: JIT, connection pools, PostgreSQL's caches.
            await RunOneAsync(new RunSpec("warm-up", 10_000, 2, protocols, kiteInstruments, maxMessages, wait, spin, compression, blockThread), root, cluster).ConfigureAwait(false);
            var results = new List<RunResult>();
            foreach (long rate in rates)
            {
                RunResult result = await RunOneAsync(new RunSpec(rate == 0 ? "max" : rate.ToString(CultureInfo.InvariantCulture), rate, seconds, protocols, kiteInstruments, maxMessages, wait, spin, compression, blockThread), root, cluster).ConfigureAwait(false);
                results.Add(result);
                Console.WriteLine(EndToEndReport.Row(result));
            }

            string table = EndToEndReport.Table(header, results);
            Console.WriteLine();
            Console.WriteLine(table);
            string suffix = (database ? "" : "-nodb") + (compression == LowLatencyFeed.Journal.Writing.JournalCompression.None ? "-plain" : "") + (blockThread ? "" : "-inline") + tag;
            await File.WriteAllTextAsync(Path.Combine(output, $"e2e{suffix}.md"), table).ConfigureAwait(false);
            EndToEndPlots.Latency(results, Path.Combine(output, $"e2e-latency{suffix}.png"), $"send→last stage, {started}");
            EndToEndPlots.Throughput(results, Path.Combine(output, $"e2e-throughput{suffix}.png"), $"events/s at the last stage, {started}");
            Console.WriteLine($"wrote {output}/e2e{suffix}.md, e2e-latency{suffix}.png, e2e-throughput{suffix}.png");
            return 0;
        }
        finally
        {
            cluster?.Dispose();
            TryDelete(root);
        }
    }

    private static async Task<RunResult> RunOneAsync(RunSpec spec, string root, LocalPostgresCluster? cluster)
    {
        string directory = Path.Combine(root, "run-" + spec.Label);
        string? connectionString = null;
        if (cluster is not null)
        {
            string name = "e2e_" + spec.Label.Replace('-', '_');
            cluster.CreateDatabase(name);
            connectionString = cluster.GetConnectionString(name);
            StorageService.Migrate(connectionString);
        }

        var feeds = new List<(string Protocol, ISimulatedFeed Feed, IReadOnlyList<SimulatedInstrument> Instruments)>();
        foreach (string protocol in spec.Protocols)
        {
            ISimulatedFeed feed = protocol switch
            {
                "kite" => new KiteSimulatedFeed(),
                "dhan" => new DhanSimulatedFeed(),
                "kotak" => new KotakSimulatedFeed(),
                _ => throw new ArgumentException($"e2e: protocol '{protocol}' is not one of kite, dhan, kotak (one update = one tick and one depth event)"),
            };
            IReadOnlyList<SimulatedInstrument> instruments = protocol == "kite" ? DemoInstruments.Create(spec.KiteInstruments) : feed.DefaultInstruments.Take(SimulatedFeedConfig.MaxInstruments(protocol)).ToList();
            feeds.Add((protocol, feed, instruments));
        }

        // Each connection gets its share of the rate; the side table has room for its instruments' share of the run.
        double perConnection = spec.Rate / (double)feeds.Count;
        long perConnectionMessages = spec.Rate > 0 ? (long)(perConnection * spec.Seconds) + 1000 : spec.MaxMessages / feeds.Count;
        int fewest = feeds.Min(f => f.Instruments.Count);
        int capacity = (int)Math.Min(int.MaxValue, (perConnectionMessages / fewest * 3 / 2) + 10_000);
        var ids = feeds.SelectMany(f => f.Instruments.Select(i => InstrumentId.From(i.Feed, i.Token))).ToList();
        var schedule = new SimulatedSendSchedule(ids, capacity);
        var clock = MonotonicClock.Shared;
        var probe = new EndToEndProbe(schedule, clock);

        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                Feeds = [.. feeds.Select(f => f.Feed)],
                Instruments = [.. feeds.Where(f => f.Protocol == "kite").SelectMany(f => f.Instruments)],
                MessagesPerSecond = perConnection,
                Duration = TimeSpan.FromSeconds(spec.Seconds),
                MaxMessages = spec.Rate > 0 ? 0 : perConnectionMessages,
                StartTimeUnixNs = clock.UnixNanoseconds(),
                SendObserver = schedule,
            },
            NullLoggerFactory.Instance,
            CancellationToken.None).ConfigureAwait(false);

        var options = new FeedHostOptions
        {
            DataDirectory = directory,
            Database = new DatabaseOptions { PrivateCluster = false },
            Feeds = [.. feeds.Select(f => SimulatedFeedConfig.For(f.Protocol, f.Instruments, simulator.GetFeedUri(f.Feed.Path).ToString(), simulator.HttpBaseUri.ToString(), f.Instruments.Count))],
        };
        options.Ring.WaitStrategy = spec.Wait;
        options.Ring.SpinningConsumer = spec.Spin;
        options.Journal.Compression = spec.Compression;
        options.Journal.BlockThread = spec.BlockThread;
        var settings = EngineSettings.From(options) with { LastStageProbe = probe };
        var engine = new FeedEngine(settings, slabs => FeedFactory.Create(options, slabs, NullLoggerFactory.Instance), NullLoggerFactory.Instance, connectionString);
        var samples = new List<Sample>();
        var lags = new List<long>();
        var lagSums = new Dictionary<string, long>();
        long gen0, gen1, gen2, allocated;
        TimeSpan cpu;
        double measured;
        try
        {
            engine.Start();
            var stopwatch = Stopwatch.StartNew();
            while (probe.Events == 0 && stopwatch.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(5).ConfigureAwait(false);
            }

            gen0 = GC.CollectionCount(0);
            gen1 = GC.CollectionCount(1);
            gen2 = GC.CollectionCount(2);
            allocated = GC.GetTotalAllocatedBytes(precise: false);
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            stopwatch.Restart();
            long lastEvents = -1;
            long quietSince = 0;
            while (true)
            {
                await Task.Delay(s_sample).ConfigureAwait(false);
                long events = probe.Events;
                long lag = 0;
                foreach (StageInfo stage in engine.Stages)
                {
                    if (!stage.Name.StartsWith("derived-", StringComparison.Ordinal) && stage.Name != "stream")
                    {
                        long stageLag = stage.Lag();
                        lag = Math.Max(lag, stageLag);

                        // A stage's own backlog: its lag minus what the stages it waits for have not passed it yet.
                        lagSums[stage.Name] = lagSums.GetValueOrDefault(stage.Name) + stageLag;
                    }
                }

                lags.Add(lag);
                samples.Add(new Sample(stopwatch.Elapsed.TotalSeconds, events, DatabaseRows(engine)));

                // Done once the simulator's duration is over and the last stage saw nothing new for half a second.
                if (events != lastEvents)
                {
                    quietSince = stopwatch.ElapsedMilliseconds;
                    lastEvents = events;
                }
                else if (stopwatch.Elapsed > TimeSpan.FromSeconds(spec.Seconds) && stopwatch.ElapsedMilliseconds - quietSince >= 500)
                {
                    break;
                }

                if (stopwatch.Elapsed > TimeSpan.FromSeconds(spec.Seconds * 6 + 60))
                {
                    Console.WriteLine($"# {spec.Label}: still receiving after {stopwatch.Elapsed.TotalSeconds:0} s; stopping");
                    break;
                }
            }

            measured = quietSince / 1000.0;
            gen0 = GC.CollectionCount(0) - gen0;
            gen1 = GC.CollectionCount(1) - gen1;
            gen2 = GC.CollectionCount(2) - gen2;
            allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated;

            // Includes the half second of quiet at the end, when the stages sleep.
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        }
        finally
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        long sent = simulator.Connections.Sum(c => c.MessagesSent);
        long deferred = engine.Storage?.Stats.Streams.Sum(s => s.DroppedRows) ?? 0;
        long rows = engine.Storage?.Stats.Streams.Sum(s => s.LiveRows) ?? 0;
        long parseErrors = engine.Feeds.Sum(f => f.Diagnostics.TotalErrors);
        (long copyRows, double copySeconds) = connectionString is null ? (0L, 0.0) : RawCopyCheck.Run(connectionString);
        TryDelete(directory);
        return new RunResult(
            spec.Label,
            spec.Rate,
            measured,
            sent,
            probe.Events,
            probe.Unmatched + schedule.Overflowed,
            parseErrors,
            probe.SendToStage,
            probe.ReceiveToStage,
            Percentile(lags, 0.99),
            lags.Count == 0 ? 0 : lags.Max(),
            Behind(lagSums, lags.Count),
            copySeconds > 0 ? copyRows / copySeconds : 0,
            rows,
            deferred,
            allocated,
            gen0,
            gen1,
            gen2,
            cpu.TotalSeconds,
            samples);
    }

    /// <summary>
    /// Mean lag per stage, "journal 1,234, bars 5, …": the stager's lag includes its predecessors' (it cannot pass
    /// them), so the first stage whose mean is near the stager's is the one holding the graph back.
    /// </summary>
    private static string Behind(Dictionary<string, long> sums, int samples) =>
        samples == 0 ? "" : string.Join(", ", sums.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value / samples:N0}")));

    private static long DatabaseRows(FeedEngine engine) => engine.Storage?.Stats.Streams.Sum(s => s.LiveRows) ?? 0;

    private static long Percentile(List<long> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        long[] sorted = [.. values.Order()];
        return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record RunSpec(string Label, long Rate, int Seconds, string[] Protocols, int KiteInstruments, long MaxMessages, LowLatencyFeed.Ring.Waiting.WaitStrategyKind Wait, string Spin, LowLatencyFeed.Journal.Writing.JournalCompression Compression, bool BlockThread);
}
