using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;

namespace LowLatencyFeed.Brokers.Logins;

/// <summary>
/// Dhan's access tokens (Brokers/README.md §7; every token lasts 24 hours): unattended generation (method B,
/// <c>POST {auth}/app/generateAccessToken</c> with the client id, the 6-digit PIN and a TOTP code in the query string),
/// the API-key consent flow (method C: generate a consent, the account holder logs in on Dhan's page, which redirects
/// with a <c>tokenId</c>, consumed for the token) and renewal of a still-active token (<c>GET {api}/v2/RenewToken</c>).
/// A reply's <c>expiryTime</c> is IST local time without an offset.
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
        return TokenFrom(reply.RootElement, "generateAccessToken", "accessToken", time);
    }

    /// <summary>
    /// Consent step 1: <c>POST {auth}/app/generate-consent?client_id=…</c> with the API key and secret as the
    /// <c>app_id</c>/<c>app_secret</c> headers; returns the <c>consentAppId</c> (at most 25 a day).
    /// </summary>
    public static async Task<string> GenerateConsentAsync(HttpClient http, string authRoot, string clientId, string apiKey, string apiSecret, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{authRoot.TrimEnd('/')}/app/generate-consent?client_id={Uri.EscapeDataString(clientId)}");
        request.Headers.Add("app_id", apiKey);
        request.Headers.Add("app_secret", apiSecret);
        using var reply = await BrokerHttp.SendAsync(http, request, BrokerKind.Dhan, "generate-consent", cancellationToken).ConfigureAwait(false);
        return BrokerHttp.RequireString(reply.RootElement, "consentAppId", BrokerKind.Dhan, "generate-consent");
    }

    /// <summary>Consent step 2: the page the account holder opens; Dhan redirects to the app's Redirect URL with <c>?tokenId=</c>.</summary>
    public static string ConsentLoginUrl(string authRoot, string consentAppId) =>
        $"{authRoot.TrimEnd('/')}/login/consentApp-login?consentAppId={Uri.EscapeDataString(consentAppId)}";

    /// <summary>
    /// Consent step 3: <c>GET {auth}/app/consumeApp-consent?tokenId=…</c> with the key and secret headers; a 405 is
    /// retried once as POST (some clients POST; which one Dhan serves is not settled).
    /// </summary>
    public static async Task<BrokerToken> ConsumeConsentAsync(HttpClient http, string authRoot, string apiKey, string apiSecret, string tokenId, TimeProvider time, CancellationToken cancellationToken)
    {
        string url = $"{authRoot.TrimEnd('/')}/app/consumeApp-consent?tokenId={Uri.EscapeDataString(tokenId)}";
        HttpRequestMessage Request(HttpMethod method)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Add("app_id", apiKey);
            request.Headers.Add("app_secret", apiSecret);
            return request;
        }

        JsonDocument reply;
        using (HttpRequestMessage get = Request(HttpMethod.Get))
        {
            try
            {
                reply = await BrokerHttp.SendAsync(http, get, BrokerKind.Dhan, "consumeApp-consent", cancellationToken).ConfigureAwait(false);
            }
            catch (LoginException exception) when (exception.Message.Contains("HTTP 405", StringComparison.Ordinal))
            {
                using HttpRequestMessage post = Request(HttpMethod.Post);
                reply = await BrokerHttp.SendAsync(http, post, BrokerKind.Dhan, "consumeApp-consent", cancellationToken).ConfigureAwait(false);
            }
        }

        using (reply)
        {
            return TokenFrom(reply.RootElement, "consumeApp-consent", "accessToken", time);
        }
    }

    /// <summary>
    /// Renews a still-active token: <c>GET {api}/v2/RenewToken</c> with <c>access-token</c> and <c>dhanClientId</c>
    /// headers; the old token expires. The new token is read from <c>token</c> or <c>accessToken</c> (the field's name
    /// is not settled); without an <c>expiryTime</c> it lasts 24 hours.
    /// </summary>
    public static async Task<BrokerToken> RenewAsync(HttpClient http, string apiRoot, string clientId, BrokerToken current, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.RemainingAt(time.GetUtcNow()) is { } left && left <= TimeSpan.Zero)
        {
            throw new LoginException($"Dhan login (RenewToken): the stored token expired at {current.ExpiresAt:yyyy-MM-dd HH:mm} UTC and only an active token can be renewed: generate a new one (PIN + TOTP or the consent flow)");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{apiRoot.TrimEnd('/')}/v2/RenewToken");
        request.Headers.Add("access-token", current.AccessToken);
        request.Headers.Add("dhanClientId", clientId);
        using var reply = await BrokerHttp.SendAsync(http, request, BrokerKind.Dhan, "RenewToken", cancellationToken).ConfigureAwait(false);
        string field = reply.RootElement.ValueKind == JsonValueKind.Object && reply.RootElement.TryGetProperty("token", out _) ? "token" : "accessToken";
        return TokenFrom(reply.RootElement, "RenewToken", field, time, optionalExpiry: true);
    }

    private static BrokerToken TokenFrom(JsonElement reply, string step, string tokenField, TimeProvider time, bool optionalExpiry = false)
    {
        string accessToken = BrokerHttp.RequireString(reply, tokenField, BrokerKind.Dhan, step);
        DateTimeOffset now = time.GetUtcNow();
        if (optionalExpiry && !(reply.TryGetProperty("expiryTime", out JsonElement present) && present.ValueKind == JsonValueKind.String))
        {
            return new BrokerToken(BrokerKind.Dhan, accessToken, now, now.AddHours(24));
        }

        string expiry = BrokerHttp.RequireString(reply, "expiryTime", BrokerKind.Dhan, step);
        if (!DateTime.TryParseExact(expiry, s_expiryFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            throw new LoginException($"Dhan login ({step}): expiryTime '{expiry}' is not an ISO local time");
        }

        return new BrokerToken(BrokerKind.Dhan, accessToken, now, new DateTimeOffset(local, TimeSpan.FromMinutes(330)).ToUniversalTime());
    }
}
