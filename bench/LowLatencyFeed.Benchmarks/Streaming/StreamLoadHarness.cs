using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Host.Streaming;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Benchmarks.Streaming;

/// <summary>
/// The live stream under load, in one run: the real host (journal-only) fed by the loopback Kite simulator at a target
/// rate, first with no stream client, then with N clients on loopback each subscribed to every channel of every
/// instrument. Samples every stage's lag (events published to its ring that it has not finished) every 10 ms and
/// reports mean, p99 and max per stage and the ratio with/without clients: the stream stage must not slow the others.
/// Also the CPU the host's process used while measuring (cores = CPU seconds per second; with in-process clients it
/// includes their receive work) and, with the clients in a child process, the child's.
/// Usage: stream [--clients 100] [--rate 100000] [--seconds 10] [--instruments 50] [--format json|binary] [--batch true|false]
/// [--clients-process true|false] (rate = simulator messages/s; batch: several data messages per WebSocket message,
/// counted one by one; clients-process: the clients run in a child process at the lowest CPU priority, standing in for
/// remote machines, so the run measures the host's own cost of serving them — <see cref="StreamClientsProcess"/>).
/// </summary>
public static class StreamLoadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int clients = 100;
        double rate = 100_000;
        int seconds = 10;
        int instruments = 50;
        string format = "json";
        bool batch = false;
        bool clientsProcess = true;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--clients": clients = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rate": rate = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--instruments": instruments = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--format": format = args[i + 1]; break;
                case "--batch": batch = bool.Parse(args[i + 1]); break;
                case "--clients-process": clientsProcess = bool.Parse(args[i + 1]); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        Console.WriteLine($"# stream load: Kite simulator at {rate:F0} msgs/s for {seconds} s, {instruments} instruments (full mode), {format} messages{(batch ? ", batched" : "")}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        Console.WriteLine(clientsProcess
            ? $"# clients: a child process ({StreamClientsProcess.Verb}) standing in for remote machines, at the {StreamClientsProcess.Priority}: it gets only CPU the host does not need; the host's senders stay at its priority"
            : "# clients: in this process, on the host's thread pool and cores (their receive work competes with the host's stages)");
        StreamRun baseline = await RunOneAsync(0, rate, seconds, instruments, format, batch, clientsProcess).ConfigureAwait(false);
        StreamRun loaded = await RunOneAsync(clients, rate, seconds, instruments, format, batch, clientsProcess).ConfigureAwait(false);
        Console.WriteLine("clients\tfeed_msgs_per_s\tevents_per_s\tclient_msgs_per_s\tclient_MB_per_s\tgap_dropped\tslow_disconnects\tclients_where\thost_cpu_cores\tclients_cpu_cores");
        foreach (StreamRun run in new[] { baseline, loaded })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Clients}\t{run.FeedMessagesPerSecond:F0}\t{run.EventsPerSecond:F0}\t{run.ClientMessagesPerSecond:F0}\t{run.ClientBytesPerSecond / 1e6:F1}\t{run.Dropped}\t{run.SlowDisconnects}\t{(run.Clients == 0 ? "-" : clientsProcess ? "child" : "in-process")}\t{run.HostCores:F2}\t{(double.IsNaN(run.ClientProcessCores) ? "-" : run.ClientProcessCores.ToString("F2", CultureInfo.InvariantCulture))}"));
        }

        Console.WriteLine("stage\tlag_mean_0\tlag_p99_0\tlag_max_0\tlag_mean_N\tlag_p99_N\tlag_max_N\tratio_mean\tratio_p99");
        foreach (string stage in baseline.Lags.Keys)
        {
            StageLag a = baseline.Lags[stage];
            StageLag b = loaded.Lags[stage];
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{stage}\t{a.Mean:F1}\t{a.P99}\t{a.Max}\t{b.Mean:F1}\t{b.P99}\t{b.Max}\t{Ratio(b.Mean, a.Mean)}\t{Ratio(b.P99, a.P99)}"));
        }

        return 0;
    }

    private static string Ratio(double loaded, double baseline) =>
        baseline == 0 ? (loaded == 0 ? "1.00" : "inf") : (loaded / baseline).ToString("F2", CultureInfo.InvariantCulture);

    private static async Task<StreamRun> RunOneAsync(int clientCount, double rate, int seconds, int instrumentCount, string format, bool batch, bool clientsProcess)
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-stream-bench-").FullName;
        var instruments = DemoInstruments.Create(instrumentCount);
        var simulatorOptions = new SimulatorOptions
        {
            Port = FreePort(),
            Instruments = instruments,
            MessagesPerSecond = rate,
            Duration = TimeSpan.FromSeconds(seconds),
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
            Database = new DatabaseOptions { PrivateCluster = false },
        };
        options.Api.RateLimit.PermitsPerSecond = 0;
        options.Api.Stream.SlowClientTimeout = TimeSpan.FromHours(1);
        options.Api.Stream.MaxInstruments = Math.Max(256, instrumentCount);
        var host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []).ConfigureAwait(false);
        IStreamLoadClients? clients = null;
        try
        {
            if (clientCount > 0)
            {
                var address = new Uri(host.ApiAddress);
                clients = clientsProcess
                    ? await StreamClientsProcess.StartAsync(address, clientCount, format, batch).ConfigureAwait(false)
                    : await StreamLoadClients.ConnectAsync(address, clientCount, format, batch).ConfigureAwait(false);
                await WaitForSubscribersAsync(host.Engine.Stream, clientCount).ConfigureAwait(false);
            }

            await using var simulator = await SimulatorServer.StartAsync(simulatorOptions, NullLoggerFactory.Instance, CancellationToken.None).ConfigureAwait(false);
            var samples = host.Engine.Stages.ToDictionary(stage => stage.Name, _ => new List<long>());
            var stopwatch = Stopwatch.StartNew();
            using var self = Process.GetCurrentProcess();
            TimeSpan cpuAtStart = TimeSpan.Zero;
            TimeSpan cpuMeasured = TimeSpan.Zero;
            long eventsAtStart = 0;
            bool measuring = false;
            long lastEvents = -1;
            double measuredSeconds = 0;
            while (true)
            {
                await Task.Delay(10).ConfigureAwait(false);
                long events = host.Engine.Feeds[0].Diagnostics.Events;
                if (!measuring && events > 0)
                {
                    measuring = true;
                    eventsAtStart = events;
                    stopwatch.Restart();
                    self.Refresh();
                    cpuAtStart = self.TotalProcessorTime;
                }

                if (measuring)
                {
                    foreach (StageInfo stage in host.Engine.Stages)
                    {
                        samples[stage.Name].Add(stage.Lag());
                    }
                }

                // Done once the simulator's duration is over and events stopped growing for a sample period of 500 ms.
                if (measuring && stopwatch.Elapsed > TimeSpan.FromSeconds(seconds) && stopwatch.ElapsedMilliseconds % 500 < 10)
                {
                    if (events == lastEvents)
                    {
                        break;
                    }

                    lastEvents = events;
                    measuredSeconds = stopwatch.Elapsed.TotalSeconds;
                    self.Refresh();
                    cpuMeasured = self.TotalProcessorTime - cpuAtStart;
                }
            }

            long totalEvents = host.Engine.Feeds[0].Diagnostics.Events - eventsAtStart;
            long simulatorMessages = simulator.Connections.Sum(connection => connection.MessagesSent);
            // Before the clients stop: a closed client's session leaves the stage's list, and its drops with it.
            long dropped = host.Engine.Stream.Clients.Sum(client => client.Dropped);
            long slowDisconnects = host.Engine.Stream.SlowDisconnects;
            StreamClientCounts received = clients is null ? default : await clients.StopAsync().ConfigureAwait(false);
            return new StreamRun(
                clientCount,
                simulatorMessages / measuredSeconds,
                totalEvents / measuredSeconds,
                received.Messages / measuredSeconds,
                received.Bytes / measuredSeconds,
                cpuMeasured.TotalSeconds / measuredSeconds,
                clients is StreamClientsProcess ? received.CpuMilliseconds / 1e3 / measuredSeconds : double.NaN,
                dropped,
                slowDisconnects,
                samples.ToDictionary(pair => pair.Key, pair => StageLag.Of(pair.Value)));
        }
        finally
        {
            if (clients is not null)
            {
                await clients.DisposeAsync().ConfigureAwait(false);
            }

            await host.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Waits until the host's stream hub has <paramref name="count"/> firehose clients, so the simulator starts with every
    /// subscription in place in both modes (a subscribe message is only sent, not acknowledged, when the clients are ready).
    /// </summary>
    private static async Task WaitForSubscribersAsync(StreamHub hub, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (hub.FirehoseClientCount < count)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"the host has {hub.FirehoseClientCount} of {count} stream clients subscribed after 2 min");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record StreamRun(int Clients, double FeedMessagesPerSecond, double EventsPerSecond, double ClientMessagesPerSecond, double ClientBytesPerSecond, double HostCores, double ClientProcessCores, long Dropped, long SlowDisconnects, Dictionary<string, StageLag> Lags);

    private sealed record StageLag(double Mean, long P99, long Max)
    {
        public static StageLag Of(List<long> samples)
        {
            if (samples.Count == 0)
            {
                return new StageLag(0, 0, 0);
            }

            long[] sorted = [.. samples.Order()];
            return new StageLag(samples.Average(), sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted[^1]);
        }
    }
}
