using System.Net.Http.Json;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;

namespace LowLatencyFeed.Brokers.Logins;

/// <summary>
/// Kotak Neo's headless login (Kotak/README.md §11): <c>tradeApiLogin</c> with the mobile number, client code and a
/// TOTP code gives a view token and sid; <c>tradeApiValidate</c> with the MPIN turns them into the session token,
/// session sid and the day's <c>baseUrl</c>. Both calls carry the application token as-is in <c>Authorization</c> and
/// <c>neo-fin-key: neotradeapi</c>. The session lifetime is not documented, so the expiry is left unknown.
/// </summary>
public static class KotakLogin
{
    /// <summary>Logs in; returns the session token (with its sid) and the <c>baseUrl</c> for later calls.</summary>
    public static async Task<(BrokerToken Token, string BaseUrl)> LoginAsync(
        HttpClient http, string loginRoot, string appToken, string mobileNumber, string ucc, string totpSecret, string mpin, TimeProvider time, CancellationToken cancellationToken)
    {
        string root = loginRoot.TrimEnd('/');
        string totp = await TotpCode.FreshAsync(totpSecret, time, cancellationToken).ConfigureAwait(false);
        using var login = new HttpRequestMessage(HttpMethod.Post, root + "/login/1.0/tradeApiLogin")
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["mobileNumber"] = mobileNumber, ["ucc"] = ucc, ["totp"] = totp }),
        };
        login.Headers.TryAddWithoutValidation("Authorization", appToken);
        login.Headers.Add("neo-fin-key", "neotradeapi");
        using var view = await BrokerHttp.SendAsync(http, login, BrokerKind.Kotak, "tradeApiLogin", cancellationToken).ConfigureAwait(false);
        var viewData = Data(view.RootElement, "tradeApiLogin");
        string viewToken = BrokerHttp.RequireString(viewData, "token", BrokerKind.Kotak, "tradeApiLogin");
        string viewSid = BrokerHttp.RequireString(viewData, "sid", BrokerKind.Kotak, "tradeApiLogin");

        using var validate = new HttpRequestMessage(HttpMethod.Post, root + "/login/1.0/tradeApiValidate")
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["mpin"] = mpin }),
        };
        validate.Headers.TryAddWithoutValidation("Authorization", appToken);
        validate.Headers.Add("neo-fin-key", "neotradeapi");
        validate.Headers.Add("sid", viewSid);
        validate.Headers.Add("Auth", viewToken);
        using var session = await BrokerHttp.SendAsync(http, validate, BrokerKind.Kotak, "tradeApiValidate", cancellationToken).ConfigureAwait(false);
        var data = Data(session.RootElement, "tradeApiValidate");
        var token = new BrokerToken(
            BrokerKind.Kotak,
            BrokerHttp.RequireString(data, "token", BrokerKind.Kotak, "tradeApiValidate"),
            time.GetUtcNow(),
            null,
            BrokerHttp.RequireString(data, "sid", BrokerKind.Kotak, "tradeApiValidate"));
        return (token, BrokerHttp.RequireString(data, "baseUrl", BrokerKind.Kotak, "tradeApiValidate"));
    }

    /// <summary>A 2xx reply can still be an error without <c>data</c> (Kotak/README.md §11).</summary>
    private static System.Text.Json.JsonElement Data(System.Text.Json.JsonElement root, string step) =>
        root.TryGetProperty("data", out var data) && data.ValueKind == System.Text.Json.JsonValueKind.Object
            ? data
            : throw new LoginException($"Kotak login ({step}) refused: the reply has no data ({(root.TryGetProperty("message", out var m) ? m.ToString() : "no message")})");
}
