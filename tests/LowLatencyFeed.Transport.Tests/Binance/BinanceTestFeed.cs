using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Tests.Binance;

/// <summary>Simulator setup and subscriptions for the Binance tests (the feed's default instruments).</summary>
internal static class BinanceTestFeed
{
    /// <summary>btcusdt: token 1, prices at 2 decimals, quantities at 8.</summary>
    public static readonly Subscription BtcUsdt = new(InstrumentId.From(FeedKind.Binance, 1), "btcusdt", "", SubscriptionMode.Full, 2, 8);

    /// <summary>ethusdt: token 2, prices at 2 decimals, quantities at 8.</summary>
    public static readonly Subscription EthUsdt = new(InstrumentId.From(FeedKind.Binance, 2), "ethusdt", "", SubscriptionMode.Full, 2, 8);

    /// <summary>bnbusdt: token 3, prices at 4 decimals, quantities at 8.</summary>
    public static readonly Subscription BnbUsdt = new(InstrumentId.From(FeedKind.Binance, 3), "bnbusdt", "", SubscriptionMode.Quote, 4, 8);

    public static async Task<(SimulatorServer Server, BinanceSimulatedFeed Feed)> StartAsync(BinanceSimulatedFeedOptions? feedOptions = null, SimulatorOptions? options = null)
    {
        var feed = new BinanceSimulatedFeed(feedOptions ?? new BinanceSimulatedFeedOptions());
        SimulatorOptions effective = (options ?? new SimulatorOptions()) with { Feeds = [feed] };
        SimulatorServer server = await SimulatorServer.StartAsync(effective, NullLoggerFactory.Instance, CancellationToken.None);
        return (server, feed);
    }

    public static Uri RestBase(SimulatorServer server) => new($"http://127.0.0.1:{server.Port}/");

    public static FeedSessionOptions SessionOptions(SimulatorServer server, string query = "") => new()
    {
        Uri = server.GetFeedUri(FeedKind.Binance, query),
        Name = "binance-test",
        StaleTimeout = TimeSpan.FromSeconds(60),
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffMax = TimeSpan.FromMilliseconds(50),
        BackoffSeed = 1,
    };
}
