using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// The setup the market-session and token-rotation tests share: a throwaway data directory, feeds on the simulator's
/// endpoints (each feed's first three streamed instruments that are not indices, in quote mode), a journal-only host
/// with its metrics on a free loopback port, and waiting on a condition with a generous deadline.
/// </summary>
internal static class SimulatedFeedHosting
{
    /// <summary>How long a condition may take on a loaded machine before a test fails (a bound, not a timing assertion).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>A new empty directory under the temp folder, named <paramref name="prefix"/> and a GUID.</summary>
    public static string NewDataDirectory(string prefix)
    {
        string data = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        return data;
    }

    /// <summary>
    /// A feed named <paramref name="protocol"/> on the simulator's endpoint at <paramref name="path"/> (with
    /// <paramref name="query"/>, where tokens go as <c>${LLFEED_TOKEN_…}</c> placeholders), subscribing the endpoint's
    /// first three streamed instruments that are not indices in quote mode; <paramref name="exchange"/> as its session's.
    /// </summary>
    public static FeedOptions Feed(SimulatorServer simulator, string protocol, string path, string query, string exchange = "")
    {
        ISimulatedFeed feed = simulator.Feeds.Single(f => f.Path == path);
        var options = new FeedOptions
        {
            Name = protocol,
            Protocol = protocol,
            Url = simulator.GetFeedUri(path).ToString() + query,
            StaleTimeoutSeconds = 30,
            Exchange = exchange,
        };
        foreach (SimulatedInstrument instrument in feed.DefaultInstruments.Where(i => !i.IsIndex).Take(3))
        {
            options.Instruments.Add(new InstrumentOptions
            {
                Token = instrument.Token,
                Symbol = instrument.Symbol,
                Segment = instrument.Segment,
                Mode = SubscriptionMode.Quote,
                PriceDecimals = instrument.PriceDecimals,
                QuantityDecimals = instrument.QuantityDecimals,
            });
        }

        return options;
    }

    /// <summary>A journal-only host over <paramref name="data"/> with <paramref name="feeds"/>, its metrics on a free loopback port, 50 ms clock events.</summary>
    public static FeedHostOptions HostOptions(string data, params FeedOptions[] feeds) => new()
    {
        DataDirectory = data,
        MetricsUrl = "http://127.0.0.1:0",
        ClockIntervalMilliseconds = 50,
        Database = new DatabaseOptions { PrivateCluster = false },
        Feeds = [.. feeds],
    };

    /// <summary>Starts the host of <paramref name="options"/> with the real feed factory (time from <paramref name="time"/>).</summary>
    public static Task<FeedHost> StartHostAsync(FeedHostOptions options, TimeProvider? time = null) =>
        FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), [], time: time);

    /// <summary>The simulator's connections to the endpoint at <paramref name="path"/>, oldest first.</summary>
    public static SimulatorConnection[] Connections(SimulatorServer simulator, string path) => [.. simulator.Connections.Where(c => c.Path == path)];

    /// <summary>Waits for <paramref name="condition"/>; fails naming <paramref name="what"/> after <see cref="Deadline"/>.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within {Deadline.TotalSeconds} s: {what}");
            await Task.Delay(25);
        }
    }
}
