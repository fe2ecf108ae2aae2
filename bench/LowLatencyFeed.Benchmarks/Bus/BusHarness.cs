using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using LowLatencyFeed.Bus.Consuming;
using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Bus.Publishing;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;
using LowLatencyFeed.Storage.Cluster;
using LowLatencyFeed.TestSupport.Nats;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;

namespace LowLatencyFeed.Benchmarks.Bus;

/// <summary>
/// The JetStream harness, on a local <c>nats-server -js</c> it starts itself:
/// <list type="bullet">
/// <item><c>bus throughput [--events N]</c>: events/s from one feed host (the real engine, a synthetic feed) into JetStream,
/// batched against one message per event (pipelined acks), and against the typical client (one awaited publish per
/// event), in the same run;</item>
/// <item><c>bus latency [--rate R] [--seconds S]</c>: feed host → JetStream → consumer host ring, p50/p99/p99.9 with HdrHistogram;</item>
/// <item><c>bus storage [--events N]</c>: consumer-host database throughput with one storage host, then two shards in parallel.</item>
/// </list>
/// </summary>
public static class BusHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "throughput";
        long events = Option(args, "--events", mode == "storage" ? 400_000 : 1_000_000);
        double rate = Option(args, "--rate", 100_000);
        int seconds = (int)Option(args, "--seconds", 10);
        using var nats = NatsServerProcess.StartStandalone("bench");
        Console.WriteLine($"nats-server at {nats.Url}; {Environment.ProcessorCount} cores");
        switch (mode)
        {
            case "throughput":
                await ThroughputAsync(nats.Url, events).ConfigureAwait(false);
                break;
            case "latency":
                await LatencyAsync(nats.Url, rate, seconds).ConfigureAwait(false);
                break;
            case "storage":
                await StorageAsync(nats.Url, events).ConfigureAwait(false);
                break;
            default:
                Console.Error.WriteLine("usage: bus throughput|latency|storage [--events N] [--rate R] [--seconds S]");
                return 2;
        }

        return 0;
    }

    private static async Task ThroughputAsync(string url, long events)
    {
        double batched = await FeedHostRunAsync(url, "batched", events, options => { }).ConfigureAwait(false);
        long single = Math.Min(events, 200_000);
        double perEvent = await FeedHostRunAsync(url, "per-event", single, options => options.Bus.MaxBatchEvents = 1).ConfigureAwait(false);
        double awaited = await AwaitedClientAsync(url, Math.Min(events, 100_000)).ConfigureAwait(false);
        Console.WriteLine();
        Console.WriteLine("| run | events/s | vs one awaited publish per event |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| feed host, batched (≤ 4096 events/batch, pipelined acks) | {batched:N0} | {batched / awaited:0.0}x |");
        Console.WriteLine($"| feed host, one message per event (pipelined acks) | {perEvent:N0} | {perEvent / awaited:0.0}x |");
        Console.WriteLine($"| typical client: one awaited JetStream publish per event | {awaited:N0} | 1.0x |");
    }

    /// <summary>A feed host publishing <paramref name="events"/> synthetic ticks; events/s until the stream acknowledged the last.</summary>
    private static async Task<double> FeedHostRunAsync(string url, string host, long events, Action<FeedHostOptions> configure)
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-bench-bus-").FullName;
        try
        {
            var options = FeedHost(directory, url, host);
            configure(options);
            var feed = new SyntheticFeedRunner(events, 0, 64);
            var engine = new FeedEngine(EngineSettings.From(options), _ => [feed], NullLoggerFactory.Instance);
            var started = Stopwatch.StartNew();
            engine.Start();
            while (feed.Published < events || engine.Bus!.Publisher.Statistics.Acknowledged < engine.Journal.LastWrittenSequence || engine.Journal.LastWrittenSequence < events)
            {
                await Task.Delay(5).ConfigureAwait(false);
            }

            double seconds = started.Elapsed.TotalSeconds;
            var statistics = engine.Bus!.Publisher.Statistics;
            Console.WriteLine($"{host}: {events:N0} events in {seconds:0.00} s, {statistics.Messages:N0} messages, {statistics.Bytes / (double)events:0.0} bytes/event, {statistics.CatchUpEvents:N0} events caught up from the journal");
            await engine.DisposeAsync().ConfigureAwait(false);
            return events / seconds;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The usual way: each event its own message, each publish awaited before the next.</summary>
    private static async Task<double> AwaitedClientAsync(string url, long events)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(connection);
        await js.CreateStreamAsync(new StreamConfig("LLFEED_AWAITED", ["llfeed.awaited.>"])).ConfigureAwait(false);
        var batch = new BusBatch(4096, 1);
        var e = new MarketEvent();
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = FeedKind.Kite;
        e.Header.Instrument = InstrumentId.From(FeedKind.Kite, 408065);
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity;
        var message = new byte[512];
        var started = Stopwatch.StartNew();
        for (long i = 0; i < events; i++)
        {
            e.Header.ExchangeTimeNs = MonotonicClock.Shared.UnixNanoseconds();
            e.Tick.LastPrice = 150_000 + (i & 15);
            batch.Reset();
            batch.Append(in e, i, null);
            int length = batch.BuildMessage(0, message);
            var ack = await js.PublishAsync("llfeed.awaited.kite.tick", new ReadOnlyMemory<byte>(message, 0, length), headers: new NatsHeaders { ["Nats-Msg-Id"] = "awaited:" + i.ToString(CultureInfo.InvariantCulture) }).ConfigureAwait(false);
            ack.EnsureSuccess();
        }

        double seconds = started.Elapsed.TotalSeconds;
        Console.WriteLine($"awaited: {events:N0} events in {seconds:0.00} s");
        return events / seconds;
    }

    private static async Task LatencyAsync(string url, double rate, int seconds)
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-bench-bus-").FullName;
        try
        {
            long events = (long)(rate * seconds);
            var options = FeedHost(Path.Combine(directory, "feed"), url, "latency");
            options.Journal.MaxBlockLatencyMilliseconds = 1;
            options.Bus.MaxBatchDelayMicroseconds = 500;
            var feed = new SyntheticFeedRunner(events, rate, 64);
            var engine = new FeedEngine(EngineSettings.From(options), _ => [feed], NullLoggerFactory.Instance);

            // Consumer host side: the bus source into a ring whose consumer records receive → consumer latency.
            var ring = RingBuffer<MarketEvent>.CreateMultiProducer(65536, new SleepingWaitStrategy());
            var histogram = new LongHistogram(10_000_000_000L, 3);
            var probe = new HdrProbe(histogram, (long)(rate * 1));
            var pipeline = new Pipeline<MarketEvent>(ring);
            pipeline.HandleEventsWith(pipeline.Handler(probe, new ConsumerOptions("probe")));
            pipeline.Start();
            var source = new JetStreamSource(new JetStreamSourceOptions { Url = url, Streams = [BusSubjects.StreamOf("latency")], Durable = "latency-probe" }, new DepthSlabPool(16), NullLoggerFactory.Instance);
            using var stop = new CancellationTokenSource();

            // The stream and the consumer exist before the first event, so no event waits for their set-up.
            await using (var connection = new NatsConnection(new NatsOpts { Url = url }))
            {
                await new NatsJSContext(connection).CreateStreamAsync(new StreamConfig(BusSubjects.StreamOf("latency"), [BusSubjects.HostWildcard("latency")]) { DuplicateWindow = TimeSpan.FromMinutes(2) }).ConfigureAwait(false);
            }

            var reading = source.RunAsync(ring, stop.Token);
            while (source.Streams.Count == 0 || source.Streams[0].State != "reading")
            {
                await Task.Delay(10).ConfigureAwait(false);
            }

            engine.Start();
            while (probe.Seen < events)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await reading.ConfigureAwait(false);
            pipeline.Shutdown(TimeSpan.FromSeconds(5));
            await engine.DisposeAsync().ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine($"feed host → JetStream → consumer host at {rate:N0} events/s for {seconds} s (first second excluded): {histogram.TotalCount:N0} events");
            Console.WriteLine("| p50 | p99 | p99.9 | max |");
            Console.WriteLine("|---:|---:|---:|---:|");
            Console.WriteLine($"| {Micros(histogram.GetValueAtPercentile(50))} | {Micros(histogram.GetValueAtPercentile(99))} | {Micros(histogram.GetValueAtPercentile(99.9))} | {Micros(histogram.GetMaxValue())} |");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task StorageAsync(string url, long events)
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-bench-bus-").FullName;
        using var cluster = LocalPostgresCluster.Start(new LocalPostgresClusterOptions
        {
            RootDirectory = Path.Combine(Path.GetTempPath(), "llfeed-bench-buspg-" + Guid.NewGuid().ToString("N")[..10]),
            Durable = true,
            DeleteOnDispose = true,
            Settings = new Dictionary<string, string> { ["synchronous_commit"] = "off", ["shared_buffers"] = "'256MB'", ["max_wal_size"] = "'4GB'" },
        });
        try
        {
            // The stream: one feed host's synthetic ticks, published before the storage hosts start.
            var feedOptions = FeedHost(Path.Combine(directory, "feed"), url, "stored");
            var feed = new SyntheticFeedRunner(events, 0, 64);
            var engine = new FeedEngine(EngineSettings.From(feedOptions), _ => [feed], NullLoggerFactory.Instance);
            engine.Start();
            while (feed.Published < events || engine.Bus!.Publisher.Statistics.Acknowledged < engine.Journal.LastWrittenSequence || engine.Journal.LastWrittenSequence < events)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }

            await engine.DisposeAsync().ConfigureAwait(false);
            // A first one-host run warms up the JIT, the connection pools and PostgreSQL's caches; it is not reported.
            await StorageRunAsync(url, cluster, directory, "warmup", 1, events).ConfigureAwait(false);
            double one = await StorageRunAsync(url, cluster, directory, "one", 1, events).ConfigureAwait(false);
            double two = await StorageRunAsync(url, cluster, directory, "two", 2, events).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine($"consumer-host database throughput, {events:N0} ticks from one stream (rows/s, all hosts together)");
            Console.WriteLine("| storage hosts | rows/s | vs one |");
            Console.WriteLine("|---:|---:|---:|");
            Console.WriteLine($"| 1 | {one:N0} | 1.00x |");
            Console.WriteLine($"| 2 (hash shards) | {two:N0} | {two / one:0.00}x |");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<double> StorageRunAsync(string url, LocalPostgresCluster cluster, string directory, string label, int hosts, long events)
    {
        var engines = new List<FeedEngine>();
        var databases = new List<string>();
        for (int shard = 0; shard < hosts; shard++)
        {
            string name = $"{label}_{shard}";
            cluster.CreateDatabase(name);
            string connectionString = cluster.GetConnectionString(name);
            LowLatencyFeed.Storage.StorageService.Migrate(connectionString);
            databases.Add(connectionString);
        }

        var started = Stopwatch.StartNew();
        for (int shard = 0; shard < hosts; shard++)
        {
            var options = new FeedHostOptions { DataDirectory = Path.Combine(directory, $"{label}-{shard}") };
            options.Source.Type = "jetstream";
            options.Source.Url = url;
            options.Source.Hosts = ["stored"];
            options.Source.Durable = $"{label}-{shard}";
            options.Source.ShardCount = hosts;
            options.Source.ShardIndex = shard;
            var engine = new FeedEngine(EngineSettings.From(options), slabs => [new JetStreamFeedRunner(options.Source.ToSourceOptions(new SecretResolver(null)), slabs, NullLoggerFactory.Instance)], NullLoggerFactory.Instance, databases[shard]);
            engine.Start();
            engines.Add(engine);
        }

        while (true)
        {
            long rows = 0;
            foreach (string database in databases)
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync().ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM llfeed.ticks", connection);
                rows += (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
            }

            if (rows >= events)
            {
                break;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        double seconds = started.Elapsed.TotalSeconds;
        foreach (var engine in engines)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        Console.WriteLine($"{hosts} storage host(s): {events:N0} rows in {seconds:0.00} s (including start-up and migration checks)");
        return events / seconds;
    }

    private static FeedHostOptions FeedHost(string directory, string url, string host)
    {
        var options = new FeedHostOptions { DataDirectory = directory, ClockIntervalMilliseconds = 250 };
        options.Journal.MaxBlockLatencyMilliseconds = 5;
        options.Database.PrivateCluster = false;
        options.Bus.Enabled = true;
        options.Bus.Url = url;
        options.Bus.Host = host;
        return options;
    }

    private static string Micros(long ns) => $"{ns / 1000.0:N0} µs";

    private static double Option(string[] args, string name, double fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static long Option(string[] args, string name, long fallback) => (long)Option(args, name, (double)fallback);

    /// <summary>Records receive → here, in nanoseconds, after a warm-up count.</summary>
    private sealed class HdrProbe(LongHistogram histogram, long warmup) : IEventHandler<MarketEvent>
    {
        private long _seen;

        public long Seen => Volatile.Read(ref _seen);

        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
        {
            if (data.Header.Kind != EventKind.Tick)
            {
                return;
            }

            long seen = _seen + 1;
            if (seen > warmup)
            {
                histogram.RecordValue(Math.Max(0, MonotonicClock.Shared.UnixNanoseconds() - data.Header.ReceiveTimeNs));
            }

            Volatile.Write(ref _seen, seen);
        }

        public void OnBatchEnd(long lastSequence)
        {
        }

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown()
        {
        }
    }
}
