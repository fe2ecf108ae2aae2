using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Each broker's published per-connection limits (Kite/README.md §1, Dhan/README.md §1 and §6.2,
/// Kotak/README.md §3 and §7, Binance/README.md §2). A feed with more instruments than one
/// connection may carry is split over several connections; more connections than the broker allows is a config error.
/// </summary>
public static class ConnectionLimits
{
    /// <summary>Capacity units per connection (instruments; Binance counts streams) and the most connections allowed.</summary>
    public static (int PerConnection, int MaxConnections) For(string protocol) => protocol.ToLowerInvariant() switch
    {
        "kite" => (3000, 3),                                                     // 3000 instruments, 3 sockets per API key
        "dhan" => (5000, 5),                                                     // 5000 instruments, 5 sockets per user
        "dhan-depth20" => (50, 5),                                               // 50 instruments per 20-level socket
        "dhan-depth200" => (1, 5),                                               // one instrument per 200-level socket
        "kotak" => (3000, 1),                                                    // the SDK caps a session at 3000 tokens
        "kotak-hsm" => (KotakHsmLayout.MaxTokens, 1),                            // 3000 topics: channels 2–16 × 200
        "binance" => (BinanceStreamLimits.MaxStreamsPerConnection, int.MaxValue), // 1024 streams; IP connect-rate limits only
        _ => (int.MaxValue, int.MaxValue),
    };

    /// <summary>How much of a connection's capacity one instrument uses (Binance: streams; Kotak HSM: topics, 2 for a scrip in Full).</summary>
    public static int Weight(string protocol, Subscription subscription) => protocol.ToLowerInvariant() switch
    {
        "binance" => BinanceProtocol.StreamNames(subscription).Count,
        "kotak-hsm" => KotakHsmTopics.TopicCount(subscription),
        _ => 1,
    };

    /// <summary>What <see cref="For"/> and <see cref="Weight"/> count for <paramref name="protocol"/>.</summary>
    public static string Unit(string protocol) => protocol.ToLowerInvariant() switch
    {
        "binance" => "streams",
        "kotak-hsm" => "topics",
        _ => "instruments",
    };

    /// <summary>Splits <paramref name="subscriptions"/> into as few connections as the limits allow, keeping their order.</summary>
    public static List<List<Subscription>> Split(string protocol, IReadOnlyList<Subscription> subscriptions)
    {
        var (perConnection, _) = For(protocol);
        var chunks = new List<List<Subscription>> { new() };
        int used = 0;
        foreach (var subscription in subscriptions)
        {
            int weight = Weight(protocol, subscription);
            if (used + weight > perConnection && chunks[^1].Count > 0)
            {
                chunks.Add([]);
                used = 0;
            }

            chunks[^1].Add(subscription);
            used += weight;
        }

        return chunks;
    }
}
