using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LowLatencyFeed.Simulator.Rest;

/// <summary>
/// The brokers' login calls (the broker READMEs' login sections): Kite <c>POST /rest/kite/session/token</c> (checksum),
/// Dhan <c>POST /rest/dhan-auth/app/generateAccessToken</c> (client id, PIN, TOTP), Kotak
/// <c>POST /rest/kotak/login/1.0/tradeApiLogin</c> then <c>tradeApiValidate</c> (TOTP, then MPIN). Wrong credentials
/// get each broker's error reply.
/// </summary>
internal static class SimulatedLogins
{
    public static async Task<bool> TryHandleAsync(HttpContext context, string path, SimulatedAccounts accounts, Func<int> issue)
    {
        switch (path)
        {
            case "/rest/kite/session/token":
            {
                IFormCollection form = await context.Request.ReadFormAsync().ConfigureAwait(false);
                string apiKey = form["api_key"].ToString(), requestToken = form["request_token"].ToString(), checksum = form["checksum"].ToString();
                string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accounts.KiteApiKey + requestToken + accounts.KiteApiSecret)));
                if (apiKey != accounts.KiteApiKey || requestToken.Length == 0 || checksum != expected)
                {
                    await Reply(context, 403, "{\"status\":\"error\",\"message\":\"Invalid `checksum`.\",\"error_type\":\"TokenException\"}").ConfigureAwait(false);
                    return true;
                }

                int n = issue();
                await Reply(context, 200, $"{{\"status\":\"success\",\"data\":{{\"user_id\":\"SIM001\",\"api_key\":\"{apiKey}\",\"access_token\":\"kite-access-{n}\",\"public_token\":\"p{n}\",\"refresh_token\":\"\",\"login_time\":\"2026-01-02 08:30:00\"}}}}").ConfigureAwait(false);
                return true;
            }

            case "/rest/dhan-auth/app/generateAccessToken":
            {
                IQueryCollection query = context.Request.Query;
                if (query["dhanClientId"] != accounts.DhanClientId || query["pin"] != accounts.DhanPin || !SimulatedTotp.IsValid(accounts.TotpSecret, query["totp"]))
                {
                    await Reply(context, 401, "{\"errorType\":\"Invalid_Authentication\",\"errorCode\":\"DH-905\",\"errorMessage\":\"Invalid client id, PIN or TOTP\"}").ConfigureAwait(false);
                    return true;
                }

                int n = issue();
                string expiry = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromMinutes(330)).AddHours(24).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
                await Reply(context, 200, $"{{\"dhanClientId\":\"{accounts.DhanClientId}\",\"dhanClientName\":\"SIM\",\"dhanClientUcc\":\"SIM1\",\"givenPowerOfAttorney\":false,\"accessToken\":\"dhan-jwt-{n}\",\"expiryTime\":\"{expiry}\"}}").ConfigureAwait(false);
                return true;
            }

            case "/rest/kotak/login/1.0/tradeApiLogin" or "/rest/kotak/login/1.0/tradeApiValidate":
            {
                if (context.Request.Headers.Authorization.ToString() != accounts.KotakAppToken || context.Request.Headers["neo-fin-key"] != "neotradeapi")
                {
                    await Reply(context, 403, "{\"error\":[{\"code\":\"403\",\"message\":\"Invalid application token\"}]}").ConfigureAwait(false);
                    return true;
                }

                using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body).ConfigureAwait(false);
                if (path.EndsWith("tradeApiLogin", StringComparison.Ordinal))
                {
                    bool ok = body.RootElement.TryGetProperty("ucc", out JsonElement ucc) && ucc.GetString() == accounts.KotakUcc
                        && body.RootElement.TryGetProperty("totp", out JsonElement totp) && SimulatedTotp.IsValid(accounts.TotpSecret, totp.GetString());
                    await (ok
                        ? Reply(context, 200, "{\"data\":{\"token\":\"kotak-view\",\"sid\":\"view-sid\",\"rid\":\"r1\",\"ucc\":\"SIMUCC\",\"status\":\"success\"}}")
                        : Reply(context, 400, "{\"error\":[{\"code\":\"400\",\"message\":\"Invalid TOTP\"}]}")).ConfigureAwait(false);
                    return true;
                }

                bool valid = context.Request.Headers["sid"] == "view-sid" && context.Request.Headers["Auth"] == "kotak-view"
                    && body.RootElement.TryGetProperty("mpin", out JsonElement mpin) && mpin.GetString() == accounts.KotakMpin;
                if (!valid)
                {
                    await Reply(context, 400, "{\"error\":[{\"code\":\"400\",\"message\":\"Invalid MPIN\"}]}").ConfigureAwait(false);
                    return true;
                }

                int n = issue();
                await Reply(context, 200, $"{{\"data\":{{\"token\":\"kotak-session-{n}\",\"sid\":\"session-sid-{n}\",\"rid\":\"r1\",\"baseUrl\":\"http://{context.Request.Host}/rest/kotak\",\"dataCenter\":\"E43\",\"ucc\":\"SIMUCC\"}}}}").ConfigureAwait(false);
                return true;
            }

            default:
                return false;
        }
    }

    private static async Task Reply(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json).ConfigureAwait(false);
    }
}
