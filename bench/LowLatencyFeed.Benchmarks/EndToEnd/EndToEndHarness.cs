using System.Diagnostics;
using System.Globalization;
using LowLatencyFeed.Benchmarks.Ring;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Benchmarks.EndToEnd;

/// <summary>
/// End-to-end load harness over loopback: simulator (Kite wire format) → WebSocket → Pipe → parser → ring → a consumer
/// that records receive-to-consume latency. Reports sustained messages/s and events/s and latency percentiles per
/// target rate. The latency starts at the frame's receive stamp, so time a frame spends queued behind a slow parser
/// or a full ring is counted (no coordinated omission inside the engine).
/// Usage: e2e [--rates 10000,50000,0] [--seconds 5] [--instruments 50] [--wait sleeping|yielding|blocking]
/// (rate 0 = as fast as the client reads).
/// </summary>
public static class EndToEndHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        long[] rates = [10_000, 50_000, 0];
        int seconds = 5;
        int instrumentCount = 50;
        var wait = WaitStrategyKind.Yielding;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rates": rates = [.. args[i + 1].Split(',').Select(r => long.Parse(r, CultureInfo.InvariantCulture))]; break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--instruments": instrumentCount = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--wait": wait = Enum.Parse<WaitStrategyKind>(args[i + 1], ignoreCase: true); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        Console.WriteLine($"# end-to-end over loopback, Kite full mode, {instrumentCount} instruments, {seconds}s per rate, consumer wait {wait}, {Environment.ProcessorCount} cores");
        Console.WriteLine("target_msgs_per_s\tmsgs_per_s\tevents_per_s\tframes\tparse_errors\tp50_us\tp99_us\tp99.9_us\tmax_us");
        foreach (long rate in rates)
        {
            await RunOneAsync(rate, seconds, instrumentCount, wait).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task RunOneAsync(long rate, int seconds, int instrumentCount, WaitStrategyKind wait)
    {
        var instruments = new List<SimulatedInstrument>();
        var subscriptions = new List<Subscription>();
        for (int i = 0; i < instrumentCount; i++)
        {
            long token = ((long)(2000 + i) << 8) | 1;
            instruments.Add(new SimulatedInstrument(token, 50_000 + (i * 1_000), Feed: FeedKind.Kite));
            subscriptions.Add(new Subscription(InstrumentId.From(FeedKind.Kite, token), "", "", SubscriptionMode.Full, 2, 0));
        }

        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { Instruments = instruments, MessagesPerSecond = rate, Duration = TimeSpan.FromSeconds(seconds) },
            NullLoggerFactory.Instance,
            CancellationToken.None).ConfigureAwait(false);

        var clock = MonotonicClock.Shared;
        var histogram = new LatencyHistogram();
        var probe = new LatencyProbeHandler(clock, histogram);
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(1 << 16, WaitStrategies.Create(wait));
        using var pipeline = new Pipeline<MarketEvent>(ring);
        pipeline.HandleEventsWith(pipeline.Handler(probe, new ConsumerOptions("probe")));
        pipeline.Start();

        var protocol = new KiteProtocol();
        var session = new FeedSession(protocol, subscriptions, new FeedSessionOptions { Uri = simulator.GetFeedUri(FeedKind.Kite), Name = "e2e" }, clock: clock);
        using var stop = new CancellationTokenSource();
        var stopwatch = Stopwatch.StartNew();
        var running = session.RunAsync(new RingPublisher(ring), stop.Token);

        // The simulator streams for `seconds`, then only heartbeats: stop once messages stop growing.
        long lastMessages = -1;
        while (true)
        {
            await Task.Delay(500).ConfigureAwait(false);
            long messages = session.Statistics.Messages;
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(seconds) && messages == lastMessages)
            {
                break;
            }

            lastMessages = messages;
        }

        double elapsed = Math.Min(stopwatch.Elapsed.TotalSeconds, seconds + 0.5);
        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        pipeline.Shutdown(TimeSpan.FromSeconds(10));

        long packets = simulator.Connections.Sum(c => c.MessagesSent);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(rate == 0 ? "max" : rate.ToString(CultureInfo.InvariantCulture))}\t{packets / elapsed:F0}\t{probe.MarketEvents / elapsed:F0}\t{session.Statistics.Messages}\t{protocol.Diagnostics.TotalErrors}\t{histogram.Percentile(0.5) / 1000.0:F1}\t{histogram.Percentile(0.99) / 1000.0:F1}\t{histogram.Percentile(0.999) / 1000.0:F1}\t{histogram.Max / 1000.0:F1}"));
    }
}
