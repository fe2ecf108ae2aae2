using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Host.Streaming;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;

namespace LowLatencyFeed.Host.Api;

/// <summary>What the API's handlers read: the catalog, the database, the bar stage's open bars, limits and the clock.</summary>
public sealed class ApiServices : IAsyncDisposable
{
    /// <summary>Creates the services.</summary>
    public ApiServices(InstrumentCatalog catalog, MarketDataStore store, FeedEngine engine, IReadOnlyList<FeedOptions> feeds, ApiKeyRing keys, ApiOptions options, Subscriptions.FeedSubscriptionService subscriptions, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Subscriptions = subscriptions;
        Catalog = catalog;
        Store = store;
        Engine = engine;
        FeedOptions = feeds;
        Keys = keys;
        OpenBars = engine.OpenBars;
        IndicatorBoard = engine.IndicatorBoard;
        Books = engine.BookSnapshots;
        Rates = new FeedRateSampler(engine.Feeds);
        Options = options;
        Time = time ?? TimeProvider.System;
        Streaming = new StreamServices(
            engine.Stream,
            engine.DerivedStream.Channels,
            catalog,
            engine.BookSnapshots,
            engine.Settings.JournalDirectory,
            engine.Settings.Processing.ToBarOptions(),
            engine.Settings.Processing.ToBookOptions(),
            engine.Settings.Processing.ToSignalOptions(),
            engine.Settings.Processing.HasIndicators ? engine.Settings.Processing.ToIndicatorOptions() : null);
        TimeframeList = string.Join(", ", OpenBars.Timeframes.Select(TimeframeNames.NameOf));
        StatusStream = new StatusStreamPublisher(this, engine.Stream.Options.StatusInterval);
    }

    /// <summary>The stream's <c>status</c> channel (started with the host).</summary>
    public StatusStreamPublisher StatusStream { get; }

    /// <summary>The engine (feeds, stages).</summary>
    public FeedEngine Engine { get; }

    /// <summary>The feeds as configured.</summary>
    public IReadOnlyList<FeedOptions> FeedOptions { get; }

    /// <summary>Runtime subscription changes.</summary>
    public Subscriptions.FeedSubscriptionService Subscriptions { get; }

    /// <summary>API keys.</summary>
    public ApiKeyRing Keys { get; }

    /// <summary>Which database the host writes to (no credentials), for <c>/api/status</c>.</summary>
    public string DatabaseDescription { get; init; } = "";

    /// <summary>What <c>/api/stream</c> sessions read.</summary>
    public StreamServices Streaming { get; }

    /// <summary>Feed rates.</summary>
    public FeedRateSampler Rates { get; }

    /// <summary>Instruments.</summary>
    public InstrumentCatalog Catalog { get; }

    /// <summary>Stored history.</summary>
    public MarketDataStore Store { get; }

    /// <summary>The bar stage's open bars.</summary>
    public OpenBarBoard OpenBars { get; }

    /// <summary>The bar stage's latest indicator values; null when no indicators are configured.</summary>
    public Processing.Indicators.IndicatorBoard? IndicatorBoard { get; }

    /// <summary>The book stage's latest books.</summary>
    public BookSnapshotBoard Books { get; }

    /// <summary>Limits.</summary>
    public ApiOptions Options { get; }

    /// <summary>"Now" for default ranges.</summary>
    public TimeProvider Time { get; }

    /// <summary>Refusals.</summary>
    public ApiCounters Counters { get; init; } = new();

    /// <summary>A feed's market session state by feed name (the session scheduler); null without <c>Sessions:Enabled</c>.</summary>
    public Func<string, Host.Sessions.FeedSessionState?>? SessionStates { get; set; }

    /// <summary>The configured timeframes by name, for error messages.</summary>
    public string TimeframeList { get; }

    /// <summary>The index of a timeframe given as <c>1m</c>-style name or seconds; -1 when not configured.</summary>
    public int FindTimeframe(string text) => Array.IndexOf(OpenBars.Timeframes, TimeframeNames.Parse(text));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Rates.Dispose();
        StatusStream.Dispose();
        await Store.DisposeAsync().ConfigureAwait(false);
        if (Subscriptions.Store is IAsyncDisposable store)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
