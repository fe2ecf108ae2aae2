using System.Globalization;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;

namespace LowLatencyFeed.Host.Api;

/// <summary>What the API's handlers read: the catalog, the database, the bar stage's open bars, limits and the clock.</summary>
public sealed class ApiServices : IAsyncDisposable
{
    private static readonly (string Name, TimeSpan Span)[] s_names =
    [
        ("1s", TimeSpan.FromSeconds(1)), ("5s", TimeSpan.FromSeconds(5)), ("15s", TimeSpan.FromSeconds(15)), ("30s", TimeSpan.FromSeconds(30)),
        ("1m", TimeSpan.FromMinutes(1)), ("3m", TimeSpan.FromMinutes(3)), ("5m", TimeSpan.FromMinutes(5)), ("15m", TimeSpan.FromMinutes(15)),
        ("30m", TimeSpan.FromMinutes(30)), ("1h", TimeSpan.FromHours(1)), ("2h", TimeSpan.FromHours(2)), ("4h", TimeSpan.FromHours(4)),
        ("1d", TimeSpan.FromDays(1)),
    ];

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
        Books = engine.BookSnapshots;
        Rates = new FeedRateSampler(engine.Feeds);
        Options = options;
        Time = time ?? TimeProvider.System;
        TimeframeList = string.Join(", ", OpenBars.Timeframes.Select(NameOf));
    }

    /// <summary>The engine (feeds, stages).</summary>
    public FeedEngine Engine { get; }

    /// <summary>The feeds as configured.</summary>
    public IReadOnlyList<FeedOptions> FeedOptions { get; }

    /// <summary>Runtime subscription changes.</summary>
    public Subscriptions.FeedSubscriptionService Subscriptions { get; }

    /// <summary>API keys.</summary>
    public ApiKeyRing Keys { get; }

    /// <summary>Feed rates.</summary>
    public FeedRateSampler Rates { get; }

    /// <summary>Instruments.</summary>
    public InstrumentCatalog Catalog { get; }

    /// <summary>Stored history.</summary>
    public MarketDataStore Store { get; }

    /// <summary>The bar stage's open bars.</summary>
    public OpenBarBoard OpenBars { get; }

    /// <summary>The book stage's latest books.</summary>
    public BookSnapshotBoard Books { get; }

    /// <summary>Limits.</summary>
    public ApiOptions Options { get; }

    /// <summary>"Now" for default ranges.</summary>
    public TimeProvider Time { get; }

    /// <summary>Refusals.</summary>
    public ApiCounters Counters { get; } = new();

    /// <summary>The configured timeframes by name, for error messages.</summary>
    public string TimeframeList { get; }

    /// <summary>The index of a timeframe given as <c>1m</c>-style name or seconds; -1 when not configured.</summary>
    public int FindTimeframe(string text)
    {
        TimeSpan span = TimeSpan.Zero;
        foreach (var (name, value) in s_names)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                span = value;
            }
        }

        if (span == TimeSpan.Zero && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
        {
            span = TimeSpan.FromSeconds(seconds);
        }

        return Array.IndexOf(OpenBars.Timeframes, span);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Rates.Dispose();
        await Store.DisposeAsync().ConfigureAwait(false);
        if (Subscriptions.Store is IAsyncDisposable store)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string NameOf(TimeSpan span)
    {
        foreach (var (name, value) in s_names)
        {
            if (value == span)
            {
                return name;
            }
        }

        return ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
