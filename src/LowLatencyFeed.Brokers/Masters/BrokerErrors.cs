using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Masters;

/// <summary>
/// Turns a broker's REST error reply into a sentence an operator can act on: Kite's <c>error_type</c>
/// (Kite/README.md §14), Dhan's <c>errorCode</c> (Dhan/README.md §14), Kotak's status and error array
/// (Kotak/README.md §14), Binance's <c>code</c> (Binance/README.md §12). The raw body is quoted only when no rule
/// matches, shortened, so a reply can never dump a token into a log.
/// </summary>
public static class BrokerErrors
{
    /// <summary>A clear description of HTTP <paramref name="status"/> with <paramref name="body"/> from <paramref name="broker"/>.</summary>
    public static string Describe(BrokerKind broker, int status, string body)
    {
        string? type = null, code = null, message = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                type = Text(root, "error_type") ?? Text(root, "errorType");
                code = Text(root, "errorCode") ?? Text(root, "code") ?? Text(root, "stCode");
                message = Text(root, "message") ?? Text(root, "errorMessage") ?? Text(root, "msg") ?? Text(root, "emsg");
                if (message is null && root.TryGetProperty("error", out JsonElement errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                {
                    code = Text(errors[0], "code");
                    message = Text(errors[0], "message");
                }
            }
        }
        catch (JsonException)
        {
        }

        string detail = message is null ? Shorten(body) : Shorten(message);
        string advice = (broker, type, code, status) switch
        {
            (BrokerKind.Kite, "TokenException", _, _) when detail.Contains("checksum", StringComparison.OrdinalIgnoreCase) =>
                "the checksum was refused: the API secret does not belong to this API key, or the request_token was used or expired",
            (BrokerKind.Kite, "TokenException", _, _) => "the access token is expired or revoked: run `llfeed login kite`",
            (BrokerKind.Kite, "PermissionException", _, _) => "the app lacks permission for this call (configuration, not retried)",
            (BrokerKind.Kite, "InputException", _, _) => "the request was refused as invalid (wrong API key, secret or checksum?)",
            (BrokerKind.Dhan, _, "DH-901" or "807" or "808" or "809", _) => "the client id or access token is invalid or expired: regenerate the token",
            (BrokerKind.Dhan, _, "DH-905", 401) => "the client id, PIN or TOTP was refused (check the TOTP secret and the clock)",
            (BrokerKind.Dhan, _, "DH-902" or "806", _) => "the account has no active Data API plan",
            (BrokerKind.Dhan, _, "810", _) => "the client id is invalid",
            (BrokerKind.Kotak, _, "400", _) => "the login input was refused (TOTP, MPIN or client code)",
            (BrokerKind.Kotak, _, _, 401 or 403) => "the session or application token is invalid or expired: log in again",
            (BrokerKind.Binance, _, "-1121", _) => "the symbol is unknown",
            (_, _, _, 429 or 418) => "rate limited: back off before retrying",
            (_, _, _, >= 500) => "the broker's service failed: retried later",
            (_, _, _, 401 or 403) => "the credentials were refused",
            _ => "the request was refused",
        };
        string? what = type is null ? code : code is null ? type : $"{code} {type}";
        return what is null ? $"HTTP {status}: {advice} ({detail})" : $"HTTP {status} {what}: {advice} ({detail})";
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
            : null;

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= 160 ? text : text[..160] + "…";
    }
}
