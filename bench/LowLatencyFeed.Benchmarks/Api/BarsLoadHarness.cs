using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HdrHistogram;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Storage.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LowLatencyFeed.Benchmarks.Api;

/// <summary>
/// <c>/api/bars</c> under load: a private PostgreSQL cluster holding one day of 1-minute bars (1,440) for one
/// instrument, the real host writing the loopback Kite simulator's feed into the same database at <c>--rate</c>, and
/// <c>--clients</c> concurrent HTTP clients each asking for the whole day over and over for <c>--seconds</c>. Reports
/// requests/s and the latency percentiles (HdrHistogram), and the host's ingestion meanwhile.
/// Usage: bars [--clients 8] [--rate 10000] [--seconds 10].
/// </summary>
public static class BarsLoadHarness
{
    private const int BarsPerDay = 1440;

    public static async Task<int> RunAsync(string[] args)
    {
        int clients = 8;
        double rate = 10_000;
        int seconds = 10;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--clients": clients = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rate": rate = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        string directory = Directory.CreateTempSubdirectory("llfeed-bench-bars-").FullName;
        using var cluster = LocalPostgresCluster.Start(new LocalPostgresClusterOptions
        {
            RootDirectory = Path.Combine(Path.GetTempPath(), "llfeed-bench-barspg-" + Guid.NewGuid().ToString("N")[..10]),
            DeleteOnDispose = true,
            Settings = new Dictionary<string, string> { ["synchronous_commit"] = "off", ["shared_buffers"] = "'256MB'" },
        });
        try
        {
            cluster.CreateDatabase("bars");
            string database = cluster.GetConnectionString("bars");
            var instruments = DemoInstruments.Create(20);
            var simulatorOptions = new SimulatorOptions
            {
                Port = FreePort(),
                Instruments = instruments,
                MessagesPerSecond = rate,
                Duration = TimeSpan.FromSeconds(seconds + 30),
            };
            var feed = new FeedOptions { Name = "kite-sim", Protocol = "kite", Url = $"ws://127.0.0.1:{simulatorOptions.Port}/kite", StaleTimeoutSeconds = 600 };
            foreach (SimulatedInstrument instrument in instruments)
            {
                feed.Instruments.Add(new InstrumentOptions { Token = instrument.Token, Symbol = $"S{instrument.Token}", Mode = SubscriptionMode.Full, PriceDecimals = instrument.PriceDecimals });
            }

            var options = new FeedHostOptions
            {
                DataDirectory = directory,
                MetricsUrl = "http://127.0.0.1:0",
                Feeds = [feed],
                Database = new DatabaseOptions { ConnectionString = database, PrivateCluster = false },
            };
            options.Api.RateLimit.PermitsPerSecond = 0;
            await using var host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []).ConfigureAwait(false);

            // One day of 1-minute bars, two days back (inside every retention; its partitions made here on plain PostgreSQL).
            DateTimeOffset day = new(DateTime.UtcNow.Date.AddDays(-2), TimeSpan.Zero);
            LowLatencyFeed.Storage.Schema.PartitionMaintainer.Maintain(database, day);
            long id = InstrumentId.From(FeedKind.Kite, instruments[0].Token).Value;
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync().ConfigureAwait(false);
                string from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await using var insert = new NpgsqlCommand(
                    $"""
                    INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags)
                    SELECT TIMESTAMPTZ '{from}T00:00:00Z' + make_interval(mins => m), {id}, 60, m, 100 + m * 0.05, 100.5 + m * 0.05, 99.5 + m * 0.05,
                           100.25 + m * 0.05, 1000 + m, (1000 + m) * (100.1 + m * 0.05), 100.1 + m * 0.05, 10 + m % 7, 0
                    FROM generate_series(0, {BarsPerDay - 1}) AS m
                    """,
                    connection);
                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await using var simulator = await SimulatorServer.StartAsync(simulatorOptions, NullLoggerFactory.Instance, CancellationToken.None).ConfigureAwait(false);
            string url = $"{host.ApiAddress.TrimEnd('/')}/api/bars?instrument=Kite:{instruments[0].Token}&timeframe=1m"
                + $"&from={day.ToUnixTimeMilliseconds()}&to={day.AddDays(1).ToUnixTimeMilliseconds()}&limit={BarsPerDay}";
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false });
            string first = await http.GetStringAsync(url).ConfigureAwait(false);
            int bars = first.Split("\"timeframeSeconds\"").Length - 1;
            if (bars != BarsPerDay)
            {
                Console.Error.WriteLine($"expected {BarsPerDay} bars, got {bars}: {first[..Math.Min(300, first.Length)]}");
                return 1;
            }

            // Warm-up: JIT, connection pool, PostgreSQL's caches; not measured.
            await LoadAsync(http, url, clients, TimeSpan.FromSeconds(2), first.Length).ConfigureAwait(false);
            long eventsBefore = host.Engine.Feeds[0].Diagnostics.Events;
            var lagSamples = new List<long>();
            using var sampling = new CancellationTokenSource();
            Task sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    lagSamples.Add(host.Engine.Stages.Max(stage => stage.Lag()));
                    await Task.Delay(10).ConfigureAwait(false);
                }
            });
            var elapsed = Stopwatch.StartNew();
            LoadResult result = await LoadAsync(http, url, clients, TimeSpan.FromSeconds(seconds), first.Length).ConfigureAwait(false);
            double measured = elapsed.Elapsed.TotalSeconds;
            await sampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
            long events = host.Engine.Feeds[0].Diagnostics.Events - eventsBefore;
            long[] lags = [.. lagSamples.Order()];

            Console.WriteLine($"# /api/bars, one day of 1-minute bars ({BarsPerDay} bars, {first.Length:N0} bytes of JSON), {clients} clients for {seconds} s, host ingesting the Kite simulator at {rate:F0} msgs/s into the same database, {Environment.ProcessorCount} cores");
            Console.WriteLine("requests\trequests_per_s\tp50_ms\tp90_ms\tp99_ms\tp99.9_ms\tmax_ms\tfailed\tfeed_events_per_s\tmax_stage_lag_p99");
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{result.Requests}\t{result.Requests / measured:F0}\t{Ms(result.Latency, 50)}\t{Ms(result.Latency, 90)}\t{Ms(result.Latency, 99)}\t{Ms(result.Latency, 99.9)}\t{result.Latency.GetMaxValue() / 1000.0:F1}\t{result.Failed}\t{events / measured:F0}\t{(lags.Length == 0 ? 0 : lags[Math.Min(lags.Length - 1, (int)(lags.Length * 0.99))])}"));
            return result.Failed == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Ms(LongHistogram histogram, double percentile) =>
        (histogram.GetValueAtPercentile(percentile) / 1000.0).ToString("F1", CultureInfo.InvariantCulture);

    private static async Task<LoadResult> LoadAsync(HttpClient http, string url, int clients, TimeSpan duration, int expectedLength)
    {
        var latency = new LongHistogram(TimeSpan.FromSeconds(60).Ticks / 10, 3);
        long requests = 0;
        long failed = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = new Task[clients];
        for (int c = 0; c < clients; c++)
        {
            tasks[c] = Task.Run(async () =>
            {
                byte[] buffer = new byte[expectedLength * 2];
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    long start = Stopwatch.GetTimestamp();
                    using HttpResponseMessage response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                    await using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    int length = 0;
                    int read;
                    while ((read = await body.ReadAsync(buffer.AsMemory(length % buffer.Length)).ConfigureAwait(false)) > 0)
                    {
                        length += read;
                    }

                    long micros = (long)((Stopwatch.GetTimestamp() - start) * 1_000_000.0 / Stopwatch.Frequency);
                    lock (latency)
                    {
                        latency.RecordValue(micros);
                    }

                    Interlocked.Increment(ref requests);
                    if (response.StatusCode != HttpStatusCode.OK || length != expectedLength)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            });
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        return new LoadResult(requests, failed, latency);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record LoadResult(long Requests, long Failed, LongHistogram Latency);
}
