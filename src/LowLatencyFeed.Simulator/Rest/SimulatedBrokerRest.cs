using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LowLatencyFeed.Simulator.Rest;

/// <summary>
/// The brokers' REST side on the simulator's port, under <c>/rest/&lt;broker&gt;/</c>, with the brokers' own paths after
/// that prefix: Kite <c>/rest/kite/instruments</c>, Dhan <c>/rest/dhan/api-scrip-master.csv</c>, Kotak
/// <c>/rest/kotak/script-details/1.0/masterscrip/file-paths</c> and the dated segment files it lists, Binance
/// <c>/rest/binance/api/v3/exchangeInfo</c>. Faults are switched per broker at run time (<see cref="SetFault"/>).
/// </summary>
public sealed class SimulatedBrokerRest : ISimulatedHttpEndpoint
{
    private readonly ConcurrentDictionary<string, SimulatedMasterFault> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly SimulatedDhanAuth _dhanAuth = new();
    private int _tokensIssued;
    private IReadOnlyList<SimulatedInstrument> _streamed = [];
    private int _kiteRequestTokens;

    /// <summary>Generated cash rows added to each master after the named instruments. Default 2000.</summary>
    public int ExtraRows { get; init; } = 2000;

    /// <summary>The day in Kotak's dated folder names. Default 2026-01-02.</summary>
    public DateOnly KotakFolderDay { get; init; } = new(2026, 1, 2);

    /// <summary>The credentials the login routes accept.</summary>
    public SimulatedAccounts Accounts { get; init; } = new();

    /// <summary>Tokens issued so far (each login issues a new one).</summary>
    public int TokensIssued => _tokensIssued;

    /// <summary>Makes <paramref name="broker"/> ("kite", "dhan", "kotak", "binance") serve its master with <paramref name="fault"/>.</summary>
    public void SetFault(string broker, SimulatedMasterFault fault) => _faults[broker] = fault;

    /// <summary>Requests served for <paramref name="broker"/> so far.</summary>
    public int RequestCount(string broker) => _requests.TryGetValue(broker, out int count) ? count : 0;

    /// <inheritdoc />
    public async Task<bool> TryHandleHttpAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "";
        if (path == "/connect/login" && HttpMethods.IsGet(context.Request.Method))
        {
            // Kite's login page (Kite/README.md §11): the person logs in, Kite redirects to the app's redirect URL.
            // Here the login succeeds at once with a fresh request_token.
            if (context.Request.Query["api_key"] != Accounts.KiteApiKey || context.Request.Query["v"] != "3")
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("Invalid api_key or v").ConfigureAwait(false);
                return true;
            }

            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"{Accounts.KiteRedirectUrl.TrimEnd('/')}/?action=login&type=login&status=success&request_token=rt-{Interlocked.Increment(ref _kiteRequestTokens)}";
            return true;
        }

        if (!path.StartsWith("/rest/", StringComparison.Ordinal))
        {
            return false;
        }

        if (await _dhanAuth.TryHandleAsync(context, path, Accounts, () => Interlocked.Increment(ref _tokensIssued)).ConfigureAwait(false))
        {
            return true;
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            return await SimulatedLogins.TryHandleAsync(context, path, Accounts, () => Interlocked.Increment(ref _tokensIssued)).ConfigureAwait(false);
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return false;
        }

        string rest = path["/rest/".Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string broker = slash < 0 ? rest : rest[..slash];
        string route = slash < 0 ? "" : rest[slash..];
        _requests.AddOrUpdate(broker, 1, static (_, n) => n + 1);
        SimulatedMasterFault fault = _faults.TryGetValue(broker, out SimulatedMasterFault f) ? f : SimulatedMasterFault.None;
        string folder = $"/rest/kotak/scripmaster/{KotakFolderDay:yyyy-MM-dd}";
        (string? body, string contentType) = (broker, route) switch
        {
            ("kite", "/instruments") => (SimulatedMasterFiles.Kite(Streamed(Core.Events.FeedKind.Kite, Feeds.KiteSimulatedFeed.Defaults), ExtraRows, fault), "text/csv"),
            ("dhan", "/api-scrip-master.csv") => (SimulatedMasterFiles.Dhan(Streamed(Core.Events.FeedKind.Dhan, Feeds.DhanSimulatedFeed.Defaults), ExtraRows, fault), "text/csv"),
            ("kotak", "/script-details/1.0/masterscrip/file-paths") => (KotakFilePaths(Root(context), folder), "application/json"),
            ("kotak", _) when path.StartsWith(folder, StringComparison.Ordinal) && path.EndsWith(".csv", StringComparison.Ordinal) =>
                (SimulatedMasterFiles.Kotak(Streamed(Core.Events.FeedKind.Kotak, Feeds.KotakSimulatedFeed.Defaults), Path.GetFileName(path), ExtraRows, fault), "text/csv"),
            ("binance", "/api/v3/exchangeInfo") => (SimulatedMasterFiles.BinanceExchangeInfo(Streamed(Core.Events.FeedKind.Binance, Feeds.BinanceSimulatedFeed.Defaults), ExtraRows, fault), "application/json"),
            _ => (null, ""),
        };

        if (body is null)
        {
            return false;
        }

        if (fault is SimulatedMasterFault.ServerError or SimulatedMasterFault.TokenExpired)
        {
            bool expired = fault == SimulatedMasterFault.TokenExpired;
            context.Response.StatusCode = expired ? StatusCodes.Status403Forbidden : StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(ErrorBody(broker, expired)).ConfigureAwait(false);
            return true;
        }

        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The instruments the simulator streams (the server hands them over at start); a master lists them, so a token the
    /// feed streams is always in its master.
    /// </summary>
    internal void UseInstrumentsIfNone(IReadOnlyList<SimulatedInstrument> instruments)
    {
        if (_streamed.Count == 0)
        {
            _streamed = instruments;
        }
    }

    private IReadOnlyList<SimulatedInstrument> Streamed(Core.Events.FeedKind feed, IReadOnlyList<SimulatedInstrument> defaults)
    {
        // The feed's defaults stay listed when a test streams other instruments, so the named rows are always there.
        var streamed = new List<SimulatedInstrument>();
        foreach (SimulatedInstrument instrument in _streamed)
        {
            if (instrument.Feed == feed && !streamed.Exists(known => known.Token == instrument.Token))
            {
                streamed.Add(instrument);
            }
        }

        foreach (SimulatedInstrument instrument in defaults)
        {
            if (!streamed.Exists(known => known.Token == instrument.Token))
            {
                streamed.Add(instrument);
            }
        }

        return streamed;
    }

    private static string Root(HttpContext context) => $"http://{context.Request.Host}";

    /// <summary>Kotak's index call (Kotak/README.md §12): the dated segment files of the streamed instruments' segments.</summary>
    private string KotakFilePaths(string root, string folder)
    {
        var paths = new StringBuilder();
        foreach (string file in SimulatedMasterFiles.KotakSegmentFiles(Streamed(Core.Events.FeedKind.Kotak, Feeds.KotakSimulatedFeed.Defaults)))
        {
            paths.Append(paths.Length == 0 ? "\"" : ",\"").Append(root).Append(folder).Append('/').Append(file).Append('"');
        }

        return $"{{\"data\":{{\"filesPaths\":[{paths}],\"baseFolder\":\"{root}/rest/kotak/scripmaster\"}}}}";
    }

    /// <summary>Each broker's error envelope (the broker READMEs' REST conventions).</summary>
    private static string ErrorBody(string broker, bool expired) => (broker, expired) switch
    {
        ("kite", true) => SimulatedTokenRefusal.KiteBody,
        ("kite", false) => "{\"status\":\"error\",\"message\":\"Something went wrong\",\"error_type\":\"GeneralException\"}",
        ("dhan", true) => SimulatedTokenRefusal.DhanBody,
        ("dhan", false) => "{\"errorType\":\"Internal_Server_Error\",\"errorCode\":\"DH-908\",\"errorMessage\":\"Internal server error\"}",
        ("kotak", true) => SimulatedTokenRefusal.KotakBody,
        ("binance", _) => "{\"code\":-1000,\"msg\":\"An unknown error occurred while processing the request.\"}",
        _ => "{\"error\":[{\"code\":\"500\",\"message\":\"Unexpected error\"}]}",
    };
}
