using LowLatencyFeed.Brokers.Sessions;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Masters;
using LowLatencyFeed.Host.Sessions;
using LowLatencyFeed.Host.Metrics;
using LowLatencyFeed.Host.Subscriptions;
using LowLatencyFeed.Protocols.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// A started engine in the .NET generic host with Kestrel serving <c>/metrics</c> (Prometheus), <c>/health</c> and the
/// HTTP API (<c>/api</c>, <c>/openapi/v1.json</c>) on the same listener, or the API on <c>Api:Url</c> when set.
/// </summary>
public sealed class FeedHost : IAsyncDisposable
{
    private readonly DatabaseSetup _database;
    private readonly ILoggerFactory _setupLogging;
    private int _stopped;

    private FeedHost(WebApplication app, FeedEngine engine, DatabaseSetup database, ILoggerFactory setupLogging, ApiServices api, InstrumentMasterService masters, Tokens.TokenRotationService tokens, MarketSessionScheduler? sessions, string address, string apiAddress)
    {
        App = app;
        SessionScheduler = sessions;
        Tokens = tokens;
        Masters = masters;
        Engine = engine;
        _database = database;
        _setupLogging = setupLogging;
        Api = api;
        Address = address;
        ApiAddress = apiAddress;
    }

    /// <summary>The web application.</summary>
    public WebApplication App { get; }

    /// <summary>The running engine.</summary>
    public FeedEngine Engine { get; }

    /// <summary>The instrument masters in use, their daily download and warnings.</summary>
    public InstrumentMasterService Masters { get; }

    /// <summary>The stored broker tokens: rotation onto the feeds, expiry warnings.</summary>
    public Tokens.TokenRotationService Tokens { get; }

    /// <summary>The market session scheduler (<c>Sessions:Enabled</c>); null when every feed runs from start to stop.</summary>
    public MarketSessionScheduler? SessionScheduler { get; }

    /// <summary>The API's services and counters.</summary>
    public ApiServices Api { get; }

    /// <summary>Base address of <c>/metrics</c> and <c>/health</c> (no trailing slash).</summary>
    public string Address { get; }

    /// <summary>Base address of the API (no trailing slash).</summary>
    public string ApiAddress { get; }

    /// <summary>The automatic backfill (<c>Backfill:Enabled</c> with a database); null otherwise.</summary>
    public Backfill.AutoBackfillService? Backfill => App.Services.GetService<Backfill.AutoBackfillService>();

    /// <summary>What database was chosen.</summary>
    public string DatabaseDescription => _database.Description;

    /// <summary>
    /// Opens the database, builds and starts the host and the engine. <paramref name="time"/> drives the market
    /// sessions (tests move it); <paramref name="login"/> replaces the unattended broker logins.
    /// </summary>
    public static async Task<FeedHost> StartAsync(
        FeedHostOptions options,
        Func<ILoggerFactory, DepthSlabPool, IReadOnlyList<IFeedRunner>> createFeeds,
        IReadOnlyList<Func<ILoggerFactory, IEngineCompanion>> companions,
        CancellationToken cancellationToken = default,
        TimeProvider? time = null,
        IBrokerLogin? login = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var setupLogging = LoggerFactory.Create(logging => logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        }));
        DatabaseSetup? database = null;
        try
        {
            database = DatabaseSetup.Open(options, setupLogging.CreateLogger("LowLatencyFeed.Database"));
            return await BuildAsync(options, createFeeds, companions, database, setupLogging, time, login, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            database?.Dispose();
            setupLogging.Dispose();
            throw;
        }
    }

    /// <summary>Stops the web host (which drains the engine).</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await App.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (SessionScheduler is not null)
        {
            await SessionScheduler.DisposeAsync().ConfigureAwait(false);
        }

        await StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        await Api.DisposeAsync().ConfigureAwait(false);
        await Masters.DisposeAsync().ConfigureAwait(false);
        await Tokens.DisposeAsync().ConfigureAwait(false);
        _database.Dispose();
        _setupLogging.Dispose();
    }

    internal static ISubscriptionStore OpenSubscriptionStore(FeedHostOptions options, DatabaseSetup database)
    {
        if (database.ConnectionString is null)
        {
            return new FileSubscriptionStore(options.DataDirectory);
        }

        var protocols = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (FeedOptions feed in options.Feeds)
        {
            protocols[feed.Name] = feed.Protocol;
        }

        return new DatabaseSubscriptionStore(database.ConnectionString, protocols);
    }

    /// <summary>Applies the kept changes over <paramref name="options"/>; returns them (empty when unreadable).</summary>
    private static async Task<IReadOnlyList<PersistedSubscription>> LoadSubscriptionsAsync(FeedHostOptions options, ISubscriptionStore store, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<PersistedSubscription> kept = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            int applied = SubscriptionOverrides.Apply(options.Feeds, kept);
            if (applied > 0)
            {
                logger.LogInformation("Applied {Count} runtime subscription change(s) kept in {Store}", applied, store.Description);
            }

            return kept;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The configured instruments still stream; the kept changes return with the next start that can read them.
            logger.LogError("Could not read the runtime subscription changes in {Store}: {Error}; starting with the configured instruments", store.Description, exception.GetBaseException().Message);
            return [];
        }
    }

    /// <summary>Instruments unsubscribed in earlier runs stay in the catalog (empty mode) so their stored history stays readable.</summary>
    internal static void KeepUnsubscribed(InstrumentCatalog catalog, IReadOnlyList<FeedOptions> feeds, IReadOnlyList<PersistedSubscription> kept)
    {
        foreach (PersistedSubscription change in kept)
        {
            FeedOptions? feed = feeds.FirstOrDefault(f => string.Equals(f.Name, change.Feed, StringComparison.OrdinalIgnoreCase));
            if (change.Subscribed || feed is null || feed.Instruments.Exists(i => i.Token == change.Token))
            {
                continue;
            }

            var instrument = InstrumentId.From(FeedFactory.FeedKindOf(feed.Protocol), change.Token);
            catalog.Apply(feed.Name, feed.Protocol, [new Subscription(instrument, change.Symbol, change.Segment, change.Mode, change.PriceDecimals, change.QuantityDecimals)], subscribed: false);
        }
    }

    private static async Task<FeedHost> BuildAsync(
        FeedHostOptions options,
        Func<ILoggerFactory, DepthSlabPool, IReadOnlyList<IFeedRunner>> createFeeds,
        IReadOnlyList<Func<ILoggerFactory, IEngineCompanion>> companions,
        DatabaseSetup database,
        ILoggerFactory setupLogging,
        TimeProvider? time,
        IBrokerLogin? login,
        CancellationToken cancellationToken)
    {
        // Instrument names resolve through today's masters (downloaded now with SyncOnStart) before the feeds are built.
        var masters = new InstrumentMasterService(options, database.ConnectionString, setupLogging.CreateLogger("LowLatencyFeed.InstrumentMasters"));
        try
        {
            await masters.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await masters.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Bars anchor to each instrument's exchange segment (MCX and currency 09:00 IST, NSE/BSE 09:15) from the masters.
        Processing.Bars.ExchangeSessionMap sessionMap = MasterSessions.From(masters.CurrentMasters());
        setupLogging.CreateLogger("LowLatencyFeed.InstrumentMasters").LogInformation(
            "Bar sessions by exchange segment: {Count} instrument(s) anchor away from their feed's default ({Ambiguous} ambiguous token(s) keep it)", sessionMap.Count, sessionMap.Ambiguous);

        // Runtime subscription changes of earlier runs apply over the configured instruments before the feeds are built.
        ISubscriptionStore subscriptionStore = OpenSubscriptionStore(options, database);
        IReadOnlyList<PersistedSubscription> keptSubscriptions = await LoadSubscriptionsAsync(options, subscriptionStore, setupLogging.CreateLogger("LowLatencyFeed.Subscriptions"), cancellationToken).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder();
        string? apiUrl = string.IsNullOrEmpty(options.Api.Url) ? null : options.Api.Url;
        builder.WebHost.UseUrls(apiUrl is null ? [options.MetricsUrl] : [options.MetricsUrl, apiUrl]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = EngineHostedService.DrainTimeout + TimeSpan.FromSeconds(5));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(provider =>
        {
            var loggerFactory = provider.GetRequiredService<ILoggerFactory>();
            return new FeedEngine(EngineSettings.From(options) with { SessionResolver = sessionMap.Resolve }, slabs => createFeeds(loggerFactory, slabs), loggerFactory, database.ConnectionString);
        });
        foreach (var companion in companions)
        {
            builder.Services.AddSingleton(provider => companion(provider.GetRequiredService<ILoggerFactory>()));
        }

        var keys = new ApiKeyRing(options.Api.Keys, new SecretResolver(options.SecretsFile), options.Api.RequireKeyForRead);
        var counters = new ApiCounters();
        ApiSecurity.AddServices(builder, options.Api, keys, counters);
        builder.Services.AddHostedService<EngineHostedService>();
        if (options.Backfill.Enabled && database.ConnectionString is { } backfillDatabase)
        {
            // Started after the engine; off the hot path (a background task of its own, reading no ring).
            builder.Services.AddSingleton(provider => new Backfill.AutoBackfillService(options, backfillDatabase, provider.GetRequiredService<ILoggerFactory>().CreateLogger("LowLatencyFeed.Backfill")));
            builder.Services.AddHostedService(provider => provider.GetRequiredService<Backfill.AutoBackfillService>());
        }

        builder.Services.AddSingleton(provider => new EngineMetrics(provider.GetRequiredService<FeedEngine>()));

        var app = builder.Build();
        Tokens.TokenRotationService? tokens = null;
        MarketSessionScheduler? sessions = null;
        UnattendedLogin? ownLogin = null;
        try
        {
            var metrics = app.Services.GetRequiredService<EngineMetrics>();
            var engine = app.Services.GetRequiredService<FeedEngine>();
            var subscriptions = new FeedSubscriptionService(options.Feeds, engine.Feeds, subscriptionStore, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LowLatencyFeed.Subscriptions"));
            var catalog = new InstrumentCatalog(options.Feeds) { Masters = masters.CurrentMasters };
            KeepUnsubscribed(catalog, options.Feeds, keptSubscriptions);
            // A runtime subscription that fits on none of a feed's connections opens another, as the start-up split would.
            int sessionIds = engine.Feeds.Count;
            ILoggerFactory feedLogging = app.Services.GetRequiredService<ILoggerFactory>();
            subscriptions.OpenConnection = (feed, index, instruments) =>
            {
                SessionFeedRunner connection = FeedFactory.CreateConnection(options, feed.Options, $"{feed.Name}#{index + 1}", (ushort)Interlocked.Increment(ref sessionIds), instruments, engine.DepthSlabs, feedLogging, time);
                engine.AddFeed(connection);
                return connection;
            };
            var backfill = app.Services.GetService<Backfill.AutoBackfillService>();
            if (backfill is not null)
            {
                backfill.Catalog = catalog;
            }

            subscriptions.Changed = (feed, changed, subscribed) =>
            {
                catalog.Apply(feed.Name, feed.Protocol, changed, subscribed);
                if (subscribed)
                {
                    backfill?.OnSubscribed(changed);
                }
            };
            var api = new ApiServices(catalog, new MarketDataStore(database.ConnectionString), engine, options.Feeds, keys, options.Api, subscriptions)
            {
                DatabaseDescription = database.Description,
                Counters = counters,
            };
            BusMetrics.Register(metrics.Registry, engine);
            ApiMetrics.Register(metrics.Registry, api.Counters, engine.Stream);
            MasterMetrics.Register(metrics.Registry, masters);
            tokens = new Tokens.TokenRotationService(options, engine, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LowLatencyFeed.Tokens"));
            // A token the broker refuses mid-session (expired, revoked) is replaced by the unattended login (Dhan, Kotak).
            login ??= ownLogin = new UnattendedLogin(options);
            tokens.Login = login;
            tokens.OwnedLogin = ownLogin;
            tokens.Start();
            TokenMetrics.Register(metrics.Registry, tokens);
            if (options.Sessions.Enabled)
            {
                // Feeds whose market is closed stay disconnected at the engine's start; the scheduler logs in and
                // connects them before their pre-open.
                ILogger sessionLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LowLatencyFeed.Sessions");
                string holidaysFile = options.Sessions.ResolveHolidaysFile();

                // A year the holiday file has no list for is warned about once per exchange (and in /health), never
                // silently treated as all trading days.
                var calendar = MarketCalendar.Load(holidaysFile, refuseUnknownYears: false, (exchange, year) =>
                    sessionLog.LogWarning("Holiday file {File} has no {Exchange} holidays for {Year}: its weekdays are taken as trading days; add the exchange's published list", holidaysFile, exchange, year));
                sessions = new MarketSessionScheduler(options, calendar, engine, tokens, login, sessionLog, time)
                {
                    KitePrompt = new KiteLoginPrompt(options, tokens, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LowLatencyFeed.KiteLogin")),
                };
                SessionMetrics.Register(metrics.Registry, sessions);
                engine.HoldAtStart = sessions.HoldsAtStart;
                api.SessionStates = sessions.StateOf;
                await sessions.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            if (apiUrl is not null)
            {
                // The API answers only on its own listener when it was moved there.
                int apiPort = new Uri(apiUrl).Port;
                app.Use(async (context, next) =>
                {
                    PathString path = context.Request.Path;
                    bool isApi = path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/openapi", StringComparison.Ordinal)
                        || Dashboard.DashboardEndpoints.IsDashboardPath(path);
                    if (isApi != (context.Connection.LocalPort == apiPort))
                    {
                        context.Response.StatusCode = StatusCodes.Status404NotFound;
                        return;
                    }

                    await next(context).ConfigureAwait(false);
                });
            }

            ApiSecurity.Use(app, options.Api, counters);
            app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
            app.MapGet("/metrics", async context =>
            {
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            }).ExcludeFromDescription();
            app.MapGet("/health", () => Results.Json(HealthReport.From(engine, [.. masters.Warnings(), .. tokens.Warnings(), .. sessions?.KitePrompt?.Warnings() ?? [], .. sessions?.Calendar.Warnings() ?? []], sessions is null ? null : sessions.StateOf))).ExcludeFromDescription();
            app.MapOpenApi();
            ApiEndpoints.Map(app, api);
            Dashboard.DashboardEndpoints.Map(app, Dashboard.DashboardFiles.Embedded);

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            api.StatusStream.Start();
            sessions?.Start();
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            string address = (addresses.FirstOrDefault(a => apiUrl is null || new Uri(a).Port != new Uri(apiUrl).Port) ?? options.MetricsUrl).TrimEnd('/');
            string apiAddress = apiUrl?.TrimEnd('/') ?? address;
            return new FeedHost(app, engine, database, setupLogging, api, masters, tokens, sessions, address, apiAddress);
        }
        catch
        {
            if (sessions is not null)
            {
                await sessions.DisposeAsync().ConfigureAwait(false);
            }

            ownLogin?.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            await masters.DisposeAsync().ConfigureAwait(false);
            if (tokens is not null)
            {
                await tokens.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
    }
}
