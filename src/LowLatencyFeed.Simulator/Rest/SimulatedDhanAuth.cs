using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LowLatencyFeed.Simulator.Rest;

/// <summary>
/// Dhan's API-key consent flow and token renewal (Brokers/README.md §7): <c>POST /rest/dhan-auth/app/generate-consent</c>
/// (headers <c>app_id</c>, <c>app_secret</c>) → <c>consentAppId</c>; <c>GET /rest/dhan-auth/login/consentApp-login</c>,
/// the page where the account holder logs in, here answered at once with a 302 to
/// <see cref="SimulatedAccounts.DhanRedirectUrl"/> <c>?tokenId=…</c>; <c>GET /rest/dhan-auth/app/consumeApp-consent</c>
/// (same headers, each tokenId once) → the token reply; <c>GET /rest/dhan/v2/RenewToken</c> (headers
/// <c>access-token</c>, <c>dhanClientId</c>) → a new token for a still-active one, which then expires.
/// </summary>
internal sealed class SimulatedDhanAuth
{
    private readonly ConcurrentDictionary<string, bool> _consents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _tokenIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _renewed = new(StringComparer.Ordinal);
    private int _next;

    public async Task<bool> TryHandleAsync(HttpContext context, string path, SimulatedAccounts accounts, Func<int> issue)
    {
        switch (path)
        {
            case "/rest/dhan-auth/app/generate-consent" when HttpMethods.IsPost(context.Request.Method):
                if (!KeyAndSecret(context, accounts) || context.Request.Query["client_id"] != accounts.DhanClientId)
                {
                    await Reply(context, 401, "{\"errorType\":\"Invalid_Authentication\",\"errorCode\":\"DH-901\",\"errorMessage\":\"Invalid app_id, app_secret or client_id\"}").ConfigureAwait(false);
                    return true;
                }

                string consent = $"00000000-0000-4000-8000-{Interlocked.Increment(ref _next):D12}";
                _consents[consent] = true;
                await Reply(context, 200, $"{{\"consentAppId\":\"{consent}\",\"consentAppStatus\":\"GENERATED\",\"status\":\"success\"}}").ConfigureAwait(false);
                return true;

            case "/rest/dhan-auth/login/consentApp-login" when HttpMethods.IsGet(context.Request.Method):
            {
                // A consent is usable until a tokenId is produced from it.
                string id = context.Request.Query["consentAppId"].ToString();
                if (!_consents.TryRemove(id, out _))
                {
                    await Reply(context, 400, "{\"errorType\":\"Input_Exception\",\"errorCode\":\"DH-905\",\"errorMessage\":\"Invalid consentAppId\"}").ConfigureAwait(false);
                    return true;
                }

                string tokenId = $"tid-{Interlocked.Increment(ref _next)}";
                _tokenIds[tokenId] = true;
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = $"{accounts.DhanRedirectUrl.TrimEnd('/')}/?tokenId={tokenId}";
                return true;
            }

            case "/rest/dhan-auth/app/consumeApp-consent" when HttpMethods.IsGet(context.Request.Method):
                if (!KeyAndSecret(context, accounts))
                {
                    await Reply(context, 401, "{\"errorType\":\"Invalid_Authentication\",\"errorCode\":\"DH-901\",\"errorMessage\":\"Invalid app_id or app_secret\"}").ConfigureAwait(false);
                    return true;
                }

                if (!_tokenIds.TryRemove(context.Request.Query["tokenId"].ToString(), out _))
                {
                    await Reply(context, 400, "{\"errorType\":\"Input_Exception\",\"errorCode\":\"DH-905\",\"errorMessage\":\"Invalid or used tokenId\"}").ConfigureAwait(false);
                    return true;
                }

                await Reply(context, 200, TokenReply(accounts, "accessToken", $"dhan-consent-{issue()}")).ConfigureAwait(false);
                return true;

            case "/rest/dhan/v2/RenewToken" when HttpMethods.IsGet(context.Request.Method):
            {
                string current = context.Request.Headers["access-token"].ToString();
                bool active = current.StartsWith("dhan-", StringComparison.Ordinal) && !_renewed.ContainsKey(current);
                if (!active || context.Request.Headers["dhanClientId"] != accounts.DhanClientId)
                {
                    await Reply(context, 401, "{\"errorType\":\"Invalid_Authentication\",\"errorCode\":\"DH-901\",\"errorMessage\":\"Client ID or user generated access token is invalid or expired.\"}").ConfigureAwait(false);
                    return true;
                }

                _renewed[current] = true;
                await Reply(context, 200, TokenReply(accounts, "token", $"dhan-renewed-{issue()}")).ConfigureAwait(false);
                return true;
            }

            default:
                return false;
        }
    }

    private static bool KeyAndSecret(HttpContext context, SimulatedAccounts accounts) =>
        context.Request.Headers["app_id"] == accounts.DhanApiKey && context.Request.Headers["app_secret"] == accounts.DhanApiSecret;

    private static string TokenReply(SimulatedAccounts accounts, string field, string token)
    {
        string expiry = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromMinutes(330)).AddHours(24).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return $"{{\"dhanClientId\":\"{accounts.DhanClientId}\",\"dhanClientName\":\"SIM\",\"dhanClientUcc\":\"SIM1\",\"givenPowerOfAttorney\":false,\"{field}\":\"{token}\",\"expiryTime\":\"{expiry}\"}}";
    }

    private static async Task Reply(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json).ConfigureAwait(false);
    }
}
