using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Rest;

/// <summary>
/// How each broker refuses an expired or revoked token, in that broker's own error shape (Brokers/README.md §4): the
/// HTTP status and JSON body of a refused WebSocket handshake or REST call, and the close text of a session the token
/// expired under. One place, so the feed endpoints and the REST routes cannot answer in different shapes.
/// </summary>
public static class SimulatedTokenRefusal
{
    /// <summary>Kite: 403 with the error envelope, <c>error_type</c> <c>TokenException</c>.</summary>
    public const string KiteBody = "{\"status\":\"error\",\"message\":\"Incorrect `api_key` or `access_token`.\",\"error_type\":\"TokenException\"}";

    /// <summary>Dhan: 401 with the trading API envelope, DH-901 (client id or token invalid or expired).</summary>
    public const string DhanBody = "{\"errorType\":\"Invalid_Authentication\",\"errorCode\":\"DH-901\",\"errorMessage\":\"Client ID or user generated access token is invalid or expired.\"}";

    /// <summary>Kotak Neo: 403 "invalid session" with the <c>error</c> array envelope.</summary>
    public const string KotakBody = "{\"error\":[{\"code\":\"403\",\"message\":\"Invalid session\"}]}";

    /// <summary>
    /// Binance: 401 with the <c>{"code","msg"}</c> envelope, -1022 (invalid signature). Market streams carry no key, so
    /// only a test that puts a revoked value in a Binance query sees it.
    /// </summary>
    public const string BinanceBody = "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}";

    /// <summary>The HTTP status and body <paramref name="feed"/>'s broker answers a refused token with.</summary>
    public static (int Status, string Body) For(FeedKind feed) => feed switch
    {
        FeedKind.Dhan => (401, DhanBody),
        FeedKind.Kotak => (403, KotakBody),
        FeedKind.Binance => (401, BinanceBody),
        _ => (403, KiteBody),
    };

    /// <summary>
    /// The close text of a session whose token expired: Dhan's disconnect code 807 and its text, Kotak's "invalid
    /// session", Kite's exception name.
    /// </summary>
    public static string ExpiredCloseText(FeedKind feed) => feed switch
    {
        FeedKind.Dhan => "807 Access Token is expired",
        FeedKind.Kotak => "403 Invalid session: session token expired",
        _ => "TokenException: access token expired",
    };

    /// <summary>
    /// Kotak's close reason for an auth message carrying a refused session token (Kotak/README.md §7: close 1008 with
    /// "Invalid session"; the handshake itself cannot refuse a token it does not see).
    /// </summary>
    public const string KotakRefusedCloseText = "403 Invalid session: session token refused";
}
