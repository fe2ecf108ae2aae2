using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Commands;

/// <summary><c>llfeed simulate</c>: the loopback simulator alone, for load tests against another engine instance.</summary>
public static class SimulateCommand
{
    /// <summary>Serves until Ctrl+C or <c>--duration</c>.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        int port = (int)line.GetInt64("port", 8765, 0, 65535);
        long rate = line.GetInt64("rate", 2000, 0, 10_000_000);
        int instrumentCount = (int)line.GetInt64("instruments", 20, 1, 3000);
        long seed = line.GetInt64("seed", 42);
        long seconds = line.GetInt64("duration", 0, 0, 31_536_000);
        long dropEvery = line.GetInt64("drop-every", 0, 0, long.MaxValue);
        long garbageEvery = line.GetInt64("garbage-every", 0, 0, long.MaxValue);
        long truncateEvery = line.GetInt64("truncate-every", 0, 0, long.MaxValue);
        long silentAfter = line.GetInt64("silent-after", 0, 0, long.MaxValue);
        int fragmentBytes = (int)line.GetInt64("fragment-bytes", 0, 0, 1 << 20);
        long fragmentDelayMs = line.GetInt64("fragment-delay-ms", 0, 0, 10_000);
        line.RejectUnknownOptions();
        if (fragmentDelayMs > 0 && fragmentBytes == 0)
        {
            throw new CommandLineException("--fragment-delay-ms pauses between fragments, so it needs --fragment-bytes N as well");
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter("Microsoft", LogLevel.Warning));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            await using var simulator = await SimulatorServer.StartAsync(
                new SimulatorOptions
                {
                    Port = port,
                    Seed = seed,
                    Instruments = DemoInstruments.Create(instrumentCount),
                    MessagesPerSecond = rate,
                    StartTimeUnixNs = MonotonicClock.Shared.UnixNanoseconds(),
                    SimulatedStep = rate > 0 ? TimeSpan.FromTicks(Math.Max(1, TimeSpan.TicksPerSecond / rate)) : TimeSpan.FromMilliseconds(1),
                    DropConnectionEveryMessages = dropEvery,
                    GarbageEveryMessages = garbageEvery,
                    TruncateEveryMessages = truncateEvery,
                    SilentAfterMessages = silentAfter,
                    FragmentBytes = fragmentBytes,
                    FragmentDelay = TimeSpan.FromMilliseconds(fragmentDelayMs),
                    HttpEndpoints = [new LowLatencyFeed.Simulator.Rest.SimulatedBrokerRest()],
                },
                loggerFactory,
                stop.Token).ConfigureAwait(false);
            foreach (var feed in simulator.Feeds)
            {
                await output.WriteLineAsync($"llfeed simulate: {feed.Feed} at {simulator.GetFeedUri(feed.Path)}").ConfigureAwait(false);
            }

            // Brokers/README.md §4: the masters and logins in the brokers' REST formats, on the same port.
            await output.WriteLineAsync($"llfeed simulate: broker REST (instrument masters, logins) at {simulator.HttpBaseUri}rest/{{kite,dhan,kotak,binance}}/").ConfigureAwait(false);

            try
            {
                await Task.Delay(seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        return 0;
    }
}
