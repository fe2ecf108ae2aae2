using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>Kite subscriptions and session options used across the end-to-end tests.</summary>
public static class KiteTestFeed
{
    public const long Nse = 884737;
    public const long Infy = 408065;
    public const long Reliance = 738561;
    public const long NfoFuture = 13368834;
    public const long UsdInr = 412675;
    public const long Nifty = 256265;

    public static Subscription Subscribe(long token, SubscriptionMode mode) =>
        new(InstrumentId.From(FeedKind.Kite, token), string.Empty, string.Empty, mode, KiteSegments.TryGetPriceDecimals(KiteSegments.Of(token), out byte d) ? d : (byte)2, 0);

    /// <summary>Every default instrument, in every packet layout: ltp, quote, full, index quote, full with OI, currency.</summary>
    public static IReadOnlyList<Subscription> Mixed() =>
    [
        Subscribe(Nse, SubscriptionMode.Ltp),
        Subscribe(Infy, SubscriptionMode.Quote),
        Subscribe(Reliance, SubscriptionMode.Full),
        Subscribe(NfoFuture, SubscriptionMode.Full),
        Subscribe(UsdInr, SubscriptionMode.Full),
        Subscribe(Nifty, SubscriptionMode.Quote),
    ];

    /// <summary>Every default instrument in full mode (largest packets; the index gets its 32-byte full packet).</summary>
    public static IReadOnlyList<Subscription> AllFull() =>
    [
        Subscribe(Nse, SubscriptionMode.Full),
        Subscribe(Infy, SubscriptionMode.Full),
        Subscribe(Reliance, SubscriptionMode.Full),
        Subscribe(NfoFuture, SubscriptionMode.Full),
        Subscribe(UsdInr, SubscriptionMode.Full),
        Subscribe(Nifty, SubscriptionMode.Full),
    ];

    public static FeedSessionOptions Options(SimulatorServer server, ushort sessionId = 0) => new()
    {
        Uri = server.GetFeedUri(FeedKind.Kite, "?api_key=test&access_token=secret"),
        RequestHeaders = [new("X-Kite-Version", "3")],
        SessionId = sessionId,
        Name = "kite-test",
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffMax = TimeSpan.FromMilliseconds(50),
        BackoffSeed = 1,
    };

    public static async Task<SimulatorConnection> ConnectionAsync(SimulatorServer server, int index)
    {
        await Eventually.WaitAsync(() => server.Connections.Count > index, $"simulator connection {index}");
        return server.Connections[index];
    }

    /// <summary>The texts of the subscription messages the protocol sends after each connect.</summary>
    public static string[] SubscriptionTexts(IFeedProtocol protocol, IReadOnlyList<Subscription> subscriptions) =>
        [.. protocol.BuildSubscriptionMessages(subscriptions).Select(m => System.Text.Encoding.UTF8.GetString(m.Payload.Span))];

    /// <summary>Splits a session's events at each Connected event: segment k holds the events of connection k+1.</summary>
    public static List<List<MarketEvent>> SplitByConnection(IReadOnlyList<MarketEvent> events)
    {
        var segments = new List<List<MarketEvent>>();
        foreach (MarketEvent e in events)
        {
            if (e.Header.Kind == EventKind.Control && e.Control.Code == ControlCode.Connected)
            {
                segments.Add([]);
            }

            if (segments.Count > 0)
            {
                segments[^1].Add(e);
            }
        }

        return segments;
    }
}
