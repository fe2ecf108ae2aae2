using System.Security.Cryptography;
using System.Text;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;

namespace LowLatencyFeed.Brokers.Logins;

/// <summary>
/// Kite Connect's daily login (Kite/README.md §11): the account holder opens <see cref="LoginUrl"/>, Zerodha redirects
/// to our loopback listener with a single-use <c>request_token</c>, and the host exchanges it with
/// <c>POST /session/token</c> and a checksum, SHA-256 over api_key + request_token + api_secret (the secret itself
/// never leaves the host). The access token lasts until 06:00 IST the next morning.
/// </summary>
public static class KiteLogin
{
    /// <summary>The page the account holder opens.</summary>
    public static string LoginUrl(string apiKey, string loginRoot = "https://kite.zerodha.com/") =>
        $"{loginRoot.TrimEnd('/')}/connect/login?v=3&api_key={Uri.EscapeDataString(apiKey)}";

    /// <summary>Lower-case hex SHA-256 of <paramref name="apiKey"/> + <paramref name="requestToken"/> + <paramref name="apiSecret"/>.</summary>
    public static string Checksum(string apiKey, string requestToken, string apiSecret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey + requestToken + apiSecret)));

    /// <summary>Exchanges <paramref name="requestToken"/> for an access token.</summary>
    public static async Task<BrokerToken> ExchangeAsync(HttpClient http, string restRoot, string apiKey, string apiSecret, string requestToken, TimeProvider time, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, restRoot.TrimEnd('/') + "/session/token")
        {
            Content = new FormUrlEncodedContent(
            [
                new("api_key", apiKey),
                new("request_token", requestToken),
                new("checksum", Checksum(apiKey, requestToken, apiSecret)),
            ]),
        };
        request.Headers.Add("X-Kite-Version", "3");
        using var reply = await BrokerHttp.SendAsync(http, request, BrokerKind.Kite, "token exchange", cancellationToken).ConfigureAwait(false);
        if (!reply.RootElement.TryGetProperty("data", out var data))
        {
            throw new LoginException("Kite login (token exchange): the reply has no 'data' (format changed upstream?)");
        }

        string accessToken = BrokerHttp.RequireString(data, "access_token", BrokerKind.Kite, "token exchange");
        DateTimeOffset now = time.GetUtcNow();
        return new BrokerToken(BrokerKind.Kite, accessToken, now, BrokerToken.KiteExpiry(now));
    }
}
