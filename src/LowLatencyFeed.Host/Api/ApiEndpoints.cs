using System.Globalization;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// The HTTP API's routes (documented in the README's API section and at <c>/openapi/v1.json</c>). Every refusal is
/// <c>application/problem+json</c> naming the parameter at fault, and is counted in <see cref="ApiCounters"/>.
/// </summary>
public static class ApiEndpoints
{
    private const string Csv = "text/csv";
    private const string Json = "application/json";

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app, ApiServices api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        RouteGroupBuilder group = app.MapGroup("/api").WithTags("market data");
        group.AddEndpointFilter((context, next) => Authorize(api, context, next, operate: false));
        RouteGroupBuilder operate = group.MapGroup("/").WithTags("operations");
        operate.AddEndpointFilter((context, next) => Authorize(api, context, next, operate: true));

        group.MapGet("/status", () => Results.Json(StatusReport.From(api.Engine, api.DatabaseDescription, api.Time.GetUtcNow()), ApiJsonContext.Default.StatusView))
            .WithSummary("The engine, every stage with its lag, the database (per-table state and checkpoint) and the journal.")
            .Produces<StatusView>(200, Json);
        group.MapGet("/feeds", () => Results.Json(Feeds(api), ApiJsonContext.Default.ListFeedView))
            .WithSummary("Every feed connection: state, counters, rates over the last second, subscriptions.")
            .Produces<List<FeedView>>(200, Json);
        operate.MapPost("/feeds/{name}/start", (string name) => StartFeed(api, name))
            .WithSummary("Starts a stopped feed (needs an operate key).")
            .Produces<FeedView>(200, Json).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        operate.MapPost("/feeds/{name}/stop", (string name) => StopFeed(api, name))
            .WithSummary("Stops a running feed, closing its connection (needs an operate key).")
            .Produces<FeedView>(200, Json).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        SubscriptionEndpoints.Map(group, operate, api);

        group.MapGet("/instruments", (HttpRequest request, string? q, string? feed, string? exchange, string? segment, string? limit, string? format) => Instruments(request, api))
            .WithSummary("Instruments: with a loaded instrument master, its rows (q searches symbol, name and broker key; exact symbols first); otherwise the configured feeds' (q searches symbol and id). feed/exchange/segment filter.")
            .Produces<List<InstrumentInfo>>(200, Json, Csv).ProducesProblem(400);
        group.MapGet("/instruments/{id}", (string id) => (api.Catalog.Find(id) is { } configured ? api.Catalog.WithMasterFields(configured) : api.Catalog.FindInMasters(id)) is { } info
                ? Results.Json(info, ApiJsonContext.Default.InstrumentInfo)
                : Problem(api, new ApiError(404, "Unknown instrument", $"No configured feed subscribes to instrument '{id}' and no loaded instrument master lists it.", "id")))
            .WithSummary("One instrument by Feed:Token, numeric id, symbol, master name (NSE:INFY) or broker key.")
            .Produces<InstrumentInfo>(200, Json).ProducesProblem(404);
        group.MapGet("/bars", (HttpRequest request, string? instrument, string? timeframe, string? from, string? to, string? limit, string? format) => Bars(request, api))
            .WithSummary("Closed bars from the database plus the bar stage's last closed and open bar (closed=false). timeframe: 1s, 1m, 5m, 15m, 1h, 4h, 1d or seconds.")
            .Produces<List<BarRecord>>(200, Json, Csv).ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
        group.MapGet("/indicators", (HttpRequest request, string? instrument, string? timeframe, string? name, string? from, string? to, string? limit, string? format) => Indicators(request, api))
            .WithSummary("Indicator values from the database plus the bar stage's latest value of each (stored=false until written). name: a label such as rsi(14) or a bare name such as rsi (default: all); timeframe as for /api/bars.")
            .Produces<List<IndicatorRecord>>(200, Json, Csv).ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
        group.MapGet("/ticks", (HttpRequest request, string? instrument, string? from, string? to, string? limit, string? format) => History(request, api, raw: true, "ticks", api.Store.TicksAsync, ApiJsonContext.Default.ListTickRecord))
            .WithSummary("Ticker snapshots.").Produces<List<TickRecord>>(200, Json, Csv).ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
        group.MapGet("/trades", (HttpRequest request, string? instrument, string? from, string? to, string? limit, string? format) => History(request, api, raw: true, "trades", api.Store.TradesAsync, ApiJsonContext.Default.ListTradeRecord))
            .WithSummary("Trades.").Produces<List<TradeRecord>>(200, Json, Csv).ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
        group.MapGet("/book-metrics", (HttpRequest request, string? instrument, string? from, string? to, string? limit, string? format) => History(request, api, raw: true, "book-metrics", api.Store.BookMetricsAsync, ApiJsonContext.Default.ListBookMetricsRecord))
            .WithSummary("Book metrics samples.").Produces<List<BookMetricsRecord>>(200, Json, Csv).ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
        group.MapGet("/signals", (HttpRequest request, string? instrument, string? from, string? to, string? limit, string? format) => History(request, api, raw: false, "signals", api.Store.SignalsAsync, ApiJsonContext.Default.ListSignalRecord))
            .WithSummary("Depth signal transitions.").Produces<List<SignalRecord>>(200, Json, Csv).ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
        group.MapGet("/books/{instrument}", (string instrument, string? levels) => Book(api, instrument, levels))
            .WithSummary("The live book from the book stage (best levels first, up to 200 per side; levels default 20) with spread, mid, microprice and imbalances.")
            .Produces<BookView>(200, Json).ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/stream", (Delegate)((HttpContext context) => Stream(api, context)))
            .WithSummary("WebSocket: send {\"subscribe\": {\"channels\": [\"ticks\",\"trades\",\"quotes\",\"depth\",\"bars:1m\",\"book_metrics\",\"signals\",\"indicators\"], \"instruments\": [\"Kite:408065\"]}} or {\"replay\": {\"from\": T, \"to\": T, \"speed\": \"max\"}}; receive JSON messages, or binary ones with ?format=binary (README: Live stream).")
            .WithStreamParameters()
            .ProducesProblem(400);
        group.MapGet("/reference", () => Results.Content(ReferencePage.Html, "text/html; charset=utf-8")).ExcludeFromDescription();
    }

    /// <summary>An <c>application/problem+json</c> result for <paramref name="error"/>, counted.</summary>
    public static IResult Problem(ApiServices api, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(error);
        api.Counters.Count(error.Status);
        var extensions = new Dictionary<string, object?>();
        if (error.Parameter is not null)
        {
            extensions["parameter"] = error.Parameter;
        }

        return Results.Problem(error.Detail, statusCode: error.Status, title: error.Title, extensions: extensions);
    }

    private static async ValueTask<object?> Authorize(ApiServices api, EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool operate)
    {
        int refused = api.Keys.Check(context.HttpContext.Request, operate);
        if (refused == StatusCodes.Status401Unauthorized)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(api, new ApiError(401, "Unauthorized", operate
                ? "This endpoint needs an API key with the 'operate' role (Authorization: Bearer <key> or X-Api-Key)."
                : "A valid API key is required (Authorization: Bearer <key> or X-Api-Key)."));
        }

        if (refused == StatusCodes.Status403Forbidden)
        {
            return Problem(api, new ApiError(403, "Forbidden", "The API key's role is 'read'; this endpoint needs 'operate'."));
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>Every feed connection's view, as <c>GET /api/feeds</c> returns it (also the <c>status</c> stream channel).</summary>
    internal static List<FeedView> Feeds(ApiServices api)
    {
        var feeds = new List<FeedView>();
        for (int i = 0; i < api.Engine.Feeds.Count; i++)
        {
            feeds.Add(View(api, i));
        }

        return feeds;
    }

    private static FeedView View(ApiServices api, int index)
    {
        IFeedRunner feed = api.Engine.Feeds[index];
        var subscriptions = new List<string>();
        string protocol = "";
        int used = 0;
        double? lastFrameAge = null;
        long staleTimeouts = 0;
        foreach (FeedOptions options in api.FeedOptions)
        {
            if (options.Name == feed.Name || feed.Name.StartsWith(options.Name + "#", StringComparison.Ordinal))
            {
                protocol = options.Protocol;
            }
        }

        if (feed is SessionFeedRunner session)
        {
            // The live list: configured instruments plus runtime changes.
            foreach (Protocols.Common.Subscription subscription in session.Session.Subscriptions)
            {
                subscriptions.Add(subscription.Instrument.ToString());
                used += ConnectionLimits.Weight(protocol, subscription);
            }

            long lastFrame = session.Session.Statistics.LastFrameUnixNs;
            lastFrameAge = lastFrame == 0 ? null : Math.Max(0, (Core.Time.MonotonicClock.Shared.UnixNanoseconds() - lastFrame) / 1e6);
            staleTimeouts = session.Session.Statistics.StaleTimeouts;
        }
        else
        {
            used = subscriptions.Count;
        }

        var errors = new Dictionary<string, long>();
        foreach (Protocols.Common.ParseErrorReason reason in Enum.GetValues<Protocols.Common.ParseErrorReason>())
        {
            long count = feed.Diagnostics.ErrorCount(reason);
            if (count > 0)
            {
                errors[reason.ToString()] = count;
            }
        }

        int perConnection = protocol.Length == 0 ? int.MaxValue : ConnectionLimits.For(protocol).PerConnection;

        var (eventRate, messageRate) = api.Rates.Rates(index);
        string state = !api.Engine.IsRunning(feed) ? "stopped" : feed.IsConnected ? "streaming" : "connecting";
        return new FeedView(
            feed.Name, protocol, state, feed.Reconnects, feed.Diagnostics.Messages, feed.Diagnostics.Events, feed.Diagnostics.TotalErrors,
            feed.Publisher.Published, feed.Publisher.Dropped, eventRate, messageRate, subscriptions,
            errors, staleTimeouts, lastFrameAge, used, perConnection == int.MaxValue ? null : perConnection, ConnectionLimits.Unit(protocol),
            api.SessionStates?.Invoke(feed.Name)?.Description);
    }

    private static IResult StartFeed(ApiServices api, string name)
    {
        if (api.Engine.FindFeed(name) is not { } feed)
        {
            return Problem(api, new ApiError(404, "Unknown feed", $"No feed is named '{name}'. See /api/feeds.", "name"));
        }

        return api.Engine.StartFeed(feed)
            ? Results.Json(View(api, IndexOf(api, feed)), ApiJsonContext.Default.FeedView)
            : Problem(api, new ApiError(409, "Cannot start", $"Feed '{feed.Name}' is running, cannot be restarted (Binance: its snapshot fetcher belongs to the first connection), or the engine is stopping.", "name"));
    }

    private static async Task<IResult> StopFeed(ApiServices api, string name)
    {
        if (api.Engine.FindFeed(name) is not { } feed)
        {
            return Problem(api, new ApiError(404, "Unknown feed", $"No feed is named '{name}'. See /api/feeds.", "name"));
        }

        return await api.Engine.StopFeedAsync(feed).ConfigureAwait(false)
            ? Results.Json(View(api, IndexOf(api, feed)), ApiJsonContext.Default.FeedView)
            : Problem(api, new ApiError(409, "Not running", $"Feed '{feed.Name}' is stopped already.", "name"));
    }

    private static int IndexOf(ApiServices api, IFeedRunner feed)
    {
        for (int i = 0; i < api.Engine.Feeds.Count; i++)
        {
            if (ReferenceEquals(api.Engine.Feeds[i], feed))
            {
                return i;
            }
        }

        return -1;
    }

    private static async Task<IResult> Stream(ApiServices api, HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problem(api, new ApiError(400, "WebSocket required", "/api/stream is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)."));
        }

        int sendBuffer = api.Streaming.Hub.Options.SocketSendBufferBytes;
        if (sendBuffer > 0 && context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()?.Socket is { } connection)
        {
            connection.SendBufferSize = sendBuffer;
        }

        Streaming.StreamFormat format = Streaming.StreamFormat.Json;
        if (context.Request.Query["format"] is { Count: > 0 } formatText && !Streaming.StreamRequestParser.TryParseFormat(formatText.ToString(), out format))
        {
            return Problem(api, new ApiError(400, "Malformed parameter", $"'format' must be 'json' or 'binary', got '{formatText}'.", "format"));
        }

        bool batch = false;
        if (context.Request.Query["batch"] is { Count: > 0 } batchText && !bool.TryParse(batchText.ToString(), out batch))
        {
            return Problem(api, new ApiError(400, "Malformed parameter", $"'batch' must be 'true' or 'false', got '{batchText}'.", "batch"));
        }

        using System.Net.WebSockets.WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var session = new Streaming.StreamSession(socket, api.Streaming, format, batch);
        await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Empty;
    }

    private static IResult Book(ApiServices api, string instrumentText, string? levelsText)
    {
        int levels = 20;
        if (levelsText is not null
            && (!int.TryParse(levelsText, NumberStyles.None, CultureInfo.InvariantCulture, out levels) || levels < 1 || levels > api.Books.MaxLevels))
        {
            return Problem(api, new ApiError(400, "Malformed parameter", $"'levels' must be an integer from 1 to {api.Books.MaxLevels}, got '{levelsText}'.", "levels"));
        }

        if (api.Catalog.Find(instrumentText) is not { } instrument)
        {
            return Problem(api, new ApiError(404, "Unknown instrument", $"No configured feed subscribes to instrument '{instrumentText}'.", "instrument"));
        }

        return LiveBookReader.Read(api.Books, instrument, levels) is { } book
            ? Results.Json(book, ApiJsonContext.Default.BookView)
            : Problem(api, new ApiError(404, "No book yet", $"The book stage has not received depth for '{instrument.Id}' yet.", "instrument"));
    }

    private static IResult Instruments(HttpRequest request, ApiServices api)
    {
        IQueryCollection query = request.Query;
        if (RangeRequest.ParseFormat(query, out bool csv) is { } formatError)
        {
            return Problem(api, formatError);
        }

        int limit = 100;
        if (query.ContainsKey("limit")
            && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > api.Options.MaxLimit))
        {
            return Problem(api, new ApiError(400, "Malformed parameter", $"'limit' must be an integer from 1 to {api.Options.MaxLimit}, got '{query["limit"]}'.", "limit"));
        }

        List<InstrumentInfo> found = api.Catalog.HasMasters
            ? api.Catalog.SearchMasters(query["q"], query["feed"], query["exchange"], query["segment"], limit)
            : api.Catalog.Search(query["q"], query["feed"], query["exchange"], query["segment"], limit);
        return csv ? new CsvResult<InstrumentInfo>(found, "instruments.csv") : Results.Json(found, ApiJsonContext.Default.ListInstrumentInfo);
    }

    private static async Task<IResult> Bars(HttpRequest request, ApiServices api)
    {
        string timeframeText = request.Query["timeframe"].ToString() is { Length: > 0 } given ? given : "1m";
        int timeframe = api.FindTimeframe(timeframeText);
        if (timeframe < 0)
        {
            return Problem(api, new ApiError(400, "Unknown timeframe", $"'timeframe' must be one of {api.TimeframeList} (or its length in seconds), got '{timeframeText}'.", "timeframe"));
        }

        if (RangeRequest.TryParse(request.Query, api.Catalog, api.Options, TimeSpan.FromDays(api.Options.MaxBarRangeDays), api.Time.GetUtcNow(), out RangeRequest? range) is { } error)
        {
            return Problem(api, error);
        }

        int seconds = (int)api.OpenBars.Timeframes[timeframe].TotalSeconds;
        List<BarRecord> bars;
        try
        {
            bars = await api.Store.BarsAsync(range!, seconds, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (DatabaseUnavailableException exception)
        {
            return Unavailable(request, api, exception);
        }

        LiveBarMerger.Merge(bars, api.OpenBars, range!, timeframe);
        return range!.Csv ? new CsvResult<BarRecord>(bars, "bars.csv") : Results.Json(bars, ApiJsonContext.Default.ListBarRecord);
    }

    private static async Task<IResult> Indicators(HttpRequest request, ApiServices api)
    {
        string timeframeText = request.Query["timeframe"].ToString() is { Length: > 0 } given ? given : "1m";
        int timeframe = api.FindTimeframe(timeframeText);
        if (timeframe < 0)
        {
            return Problem(api, new ApiError(400, "Unknown timeframe", $"'timeframe' must be one of {api.TimeframeList} (or its length in seconds), got '{timeframeText}'.", "timeframe"));
        }

        string? name = request.Query["name"].ToString() is { Length: > 0 } named ? named : null;
        if (name is not null && !Processing.Indicators.IndicatorSpec.TryParseKind(name.Split('(')[0], out _))
        {
            return Problem(api, new ApiError(400, "Unknown indicator", $"'name' must be an indicator ({string.Join(", ", Processing.Indicators.IndicatorSpec.Names)}) or a label such as rsi(14), got '{name}'.", "name"));
        }

        if (RangeRequest.TryParse(request.Query, api.Catalog, api.Options, TimeSpan.FromDays(api.Options.MaxBarRangeDays), api.Time.GetUtcNow(), out RangeRequest? range) is { } error)
        {
            return Problem(api, error);
        }

        TimeSpan span = api.OpenBars.Timeframes[timeframe];
        List<IndicatorRecord> rows;
        try
        {
            rows = await api.Store.IndicatorsAsync(range!, (int)span.TotalSeconds, name, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (DatabaseUnavailableException exception)
        {
            return Unavailable(request, api, exception);
        }

        LiveIndicatorMerger.Merge(rows, api.IndicatorBoard, range!, span, name);
        return range!.Csv ? new CsvResult<IndicatorRecord>(rows, "indicators.csv") : Results.Json(rows, ApiJsonContext.Default.ListIndicatorRecord);
    }

    private static async Task<IResult> History<T>(
        HttpRequest request,
        ApiServices api,
        bool raw,
        string name,
        Func<RangeRequest, CancellationToken, Task<List<T>>> read,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<T>> json)
    {
        TimeSpan maxRange = raw ? TimeSpan.FromHours(api.Options.MaxRawRangeHours) : TimeSpan.FromDays(api.Options.MaxBarRangeDays);
        if (RangeRequest.TryParse(request.Query, api.Catalog, api.Options, maxRange, api.Time.GetUtcNow(), out RangeRequest? range) is { } error)
        {
            return Problem(api, error);
        }

        try
        {
            List<T> rows = await read(range!, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return range!.Csv ? new CsvResult<T>(rows, name + ".csv") : Results.Json(rows, json);
        }
        catch (DatabaseUnavailableException exception)
        {
            return Unavailable(request, api, exception);
        }
    }

    private static IResult Unavailable(HttpRequest request, ApiServices api, DatabaseUnavailableException exception)
    {
        request.HttpContext.Response.Headers.RetryAfter = "5";
        return Problem(api, new ApiError(503, "Database unavailable", exception.Message));
    }
}
