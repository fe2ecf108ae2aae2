using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>
/// The placeholders a feed's URL or credentials use to take the broker session token from the token store
/// (Brokers/README.md §6), so <c>llfeed login</c> rotates them without editing the config:
/// <c>${LLFEED_TOKEN_KITE}</c>, <c>${LLFEED_TOKEN_DHAN}</c>, <c>${LLFEED_TOKEN_KOTAK}</c> (the access/session token)
/// and <c>${LLFEED_SID_KOTAK}</c> (Kotak's session sid). They are read when a connection is built, never on the hot path.
/// </summary>
public static class StoredTokenNames
{
    /// <summary>Common prefix of the names.</summary>
    public const string Prefix = "${LLFEED_";

    /// <summary>The stored value for <paramref name="name"/>, or null when it is not such a name or nothing is stored.</summary>
    public static string? Lookup(TokenStore? store, string name)
    {
        if (store is null || !name.StartsWith("LLFEED_", StringComparison.Ordinal))
        {
            return null;
        }

        (BrokerKind broker, bool sid) = name switch
        {
            "LLFEED_TOKEN_KITE" => (BrokerKind.Kite, false),
            "LLFEED_TOKEN_DHAN" => (BrokerKind.Dhan, false),
            "LLFEED_TOKEN_KOTAK" => (BrokerKind.Kotak, false),
            "LLFEED_SID_KOTAK" => (BrokerKind.Kotak, true),
            _ => (BrokerKind.Binance, false),
        };
        if (broker == BrokerKind.Binance || store.Read(broker) is not { } token)
        {
            return null;
        }

        return sid ? token.SessionId : token.AccessToken;
    }

    /// <summary>Whether <paramref name="text"/> takes a value from the token store.</summary>
    public static bool IsUsedBy(string text) =>
        text.Contains("${LLFEED_TOKEN_", StringComparison.Ordinal) || text.Contains("${LLFEED_SID_", StringComparison.Ordinal);
}
