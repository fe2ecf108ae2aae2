using System.Globalization;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;

namespace LowLatencyFeed.Brokers.Logins;

/// <summary>
/// Dhan's unattended token generation (Dhan/README.md §11, method B): <c>POST {auth}/app/generateAccessToken</c> with
/// the client id, the 6-digit PIN and a TOTP code in the query string. The reply's <c>expiryTime</c> is IST local time
/// without an offset (24 hours after generation).
/// </summary>
public static class DhanLogin
{
    private static readonly string[] s_expiryFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFF", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <summary>Generates a token for <paramref name="clientId"/>.</summary>
    public static async Task<BrokerToken> GenerateAsync(HttpClient http, string authRoot, string clientId, string pin, string totpSecret, TimeProvider time, CancellationToken cancellationToken)
    {
        string totp = await TotpCode.FreshAsync(totpSecret, time, cancellationToken).ConfigureAwait(false);
        string url = $"{authRoot.TrimEnd('/')}/app/generateAccessToken?dhanClientId={Uri.EscapeDataString(clientId)}&pin={Uri.EscapeDataString(pin)}&totp={totp}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        using var reply = await BrokerHttp.SendAsync(http, request, BrokerKind.Dhan, "generateAccessToken", cancellationToken).ConfigureAwait(false);
        string accessToken = BrokerHttp.RequireString(reply.RootElement, "accessToken", BrokerKind.Dhan, "generateAccessToken");
        string expiry = BrokerHttp.RequireString(reply.RootElement, "expiryTime", BrokerKind.Dhan, "generateAccessToken");
        if (!DateTime.TryParseExact(expiry, s_expiryFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            throw new LoginException($"Dhan login (generateAccessToken): expiryTime '{expiry}' is not an ISO local time");
        }

        return new BrokerToken(BrokerKind.Dhan, accessToken, time.GetUtcNow(), new DateTimeOffset(local, TimeSpan.FromMinutes(330)).ToUniversalTime());
    }
}
