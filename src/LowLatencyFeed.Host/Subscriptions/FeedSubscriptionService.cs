using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Transport;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Subscriptions;

/// <summary>
/// Subscribes, re-modes and unsubscribes instruments of a running feed (<c>/api/feeds/{name}/subscriptions</c>): checks
/// each request against the protocol and the broker's per-connection limits (<see cref="ConnectionLimits"/>), places a
/// new instrument on the first connection with room (as the start-up split does) — when none has room and the broker
/// allows another connection, on a new one (<see cref="OpenConnection"/>) — hands each changed connection its new list
/// (<see cref="FeedSession.ChangeSubscriptionsAsync"/>: the session thread sends the protocol's messages) and keeps the
/// change in <see cref="ISubscriptionStore"/>. Cold path; one change per feed at a time.
/// </summary>
public sealed class FeedSubscriptionService
{
    private readonly Dictionary<string, FeedConnections> _feeds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ISubscriptionStore _store;
    private readonly ILogger _logger;

    /// <summary>Serves the configured <paramref name="feeds"/> over the engine's <paramref name="runners"/>.</summary>
    public FeedSubscriptionService(IReadOnlyList<FeedOptions> feeds, IReadOnlyList<IFeedRunner> runners, ISubscriptionStore store, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        foreach (FeedOptions feed in feeds)
        {
            _feeds[feed.Name] = new FeedConnections(feed, runners);
        }

        _store = store;
        _logger = logger;
    }

    /// <summary>
    /// Called after a change was handed to the connections, with the feed, the changed subscriptions and true when they
    /// were subscribed (false: unsubscribed): the host updates its <see cref="Api.InstrumentCatalog"/> here.
    /// </summary>
    public Action<FeedConnections, IReadOnlyList<Subscription>, bool>? Changed { get; set; }

    /// <summary>
    /// Opens and starts one more connection of a feed (its index among the feed's connections and its instruments) when
    /// a subscription fits on none of its connections; null: connections are opened only at start (409).
    /// </summary>
    public Func<FeedConnections, int, IReadOnlyList<Subscription>, SessionFeedRunner>? OpenConnection { get; set; }

    /// <summary>Where changes are kept.</summary>
    public ISubscriptionStore Store => _store;

    /// <summary>The feed named <paramref name="name"/> (case-insensitive), or null.</summary>
    public FeedConnections? Find(string name) => _feeds.GetValueOrDefault(name);

    /// <summary>Every instrument the feed subscribes now, by connection.</summary>
    public static List<SubscriptionView> List(FeedConnections feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var views = new List<SubscriptionView>();
        foreach (SessionFeedRunner connection in feed.Connections)
        {
            foreach (Subscription s in connection.Session.Subscriptions)
            {
                views.Add(new SubscriptionView(
                    s.Instrument.ToString(), s.Instrument.Token, s.Symbol.Length > 0 ? s.Symbol : null, s.Segment.Length > 0 ? s.Segment : null,
                    s.Mode.ToString(), s.PriceDecimals, s.QuantityDecimals, connection.Name));
            }
        }

        return views;
    }

    /// <summary>Subscribes <paramref name="requested"/> (or sets their mode when subscribed already).</summary>
    public async Task<(SubscriptionChangeView? View, ApiError? Error)> SubscribeAsync(FeedConnections feed, IReadOnlyList<Subscription> requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(requested);
        if (Unsupported(feed) is { } unsupported)
        {
            return (null, unsupported);
        }

        for (int i = 0; i < requested.Count; i++)
        {
            if (SubscriptionValidator.Check(feed.Protocol, requested[i], i) is { } invalid)
            {
                return (null, invalid);
            }
        }

        await feed.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<List<Subscription>> lists = CurrentLists(feed);
            var changed = new List<Subscription>();
            for (int i = 0; i < requested.Count; i++)
            {
                Subscription wanted = requested[i];
                if (SymbolTaken(feed, lists, wanted, i) is { } taken)
                {
                    return (null, taken);
                }

                (int connection, int at) = Locate(lists, wanted.Instrument);
                if (connection >= 0)
                {
                    lists[connection][at] = wanted;
                }
                else if (Place(feed, lists, wanted, OpenConnection is not null) is { } full)
                {
                    return (null, full);
                }

                changed.Add(wanted);
            }

            if (OverLimit(feed, lists) is { } over)
            {
                return (null, over);
            }

            string applied = await ApplyAsync(feed, lists, OpenConnection).ConfigureAwait(false);
            Changed?.Invoke(feed, changed, true);
            var persisted = new List<PersistedSubscription>();
            foreach (Subscription s in changed)
            {
                persisted.Add(new PersistedSubscription(feed.Name, s.Instrument.Token, s.Symbol, s.Segment, s.Mode, s.PriceDecimals, s.QuantityDecimals, Subscribed: true));
            }

            return (await PersistAsync(feed, changed, applied, persisted, cancellationToken).ConfigureAwait(false), null);
        }
        finally
        {
            feed.Gate.Release();
        }
    }

    /// <summary>Unsubscribes the instruments with <paramref name="tokens"/>.</summary>
    public async Task<(SubscriptionChangeView? View, ApiError? Error)> UnsubscribeAsync(FeedConnections feed, IReadOnlyList<long> tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(tokens);
        if (Unsupported(feed) is { } unsupported)
        {
            return (null, unsupported);
        }

        await feed.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<List<Subscription>> lists = CurrentLists(feed);
            var removed = new List<Subscription>();
            foreach (long token in tokens)
            {
                (int connection, int at) = Locate(lists, InstrumentId.From(feed.Kind, token));
                if (connection < 0)
                {
                    return (null, new ApiError(404, "Not subscribed", $"Feed '{feed.Name}' does not subscribe {InstrumentId.From(feed.Kind, token)}.", "instrument"));
                }

                removed.Add(lists[connection][at]);
                lists[connection].RemoveAt(at);
            }

            string applied = await ApplyAsync(feed, lists, OpenConnection).ConfigureAwait(false);
            Changed?.Invoke(feed, removed, false);
            var persisted = new List<PersistedSubscription>();
            foreach (Subscription s in removed)
            {
                persisted.Add(new PersistedSubscription(feed.Name, s.Instrument.Token, s.Symbol, s.Segment, s.Mode, s.PriceDecimals, s.QuantityDecimals, Subscribed: false));
            }

            return (await PersistAsync(feed, removed, applied, persisted, cancellationToken).ConfigureAwait(false), null);
        }
        finally
        {
            feed.Gate.Release();
        }
    }

    /// <summary>
    /// Binance streams are named by symbol, so two instruments of one feed cannot share one (Binance/README.md §16): the
    /// decoder would not know which of them a message is for.
    /// </summary>
    private static ApiError? SymbolTaken(FeedConnections feed, List<List<Subscription>> lists, Subscription wanted, int index)
    {
        if (feed.Kind != Core.Events.FeedKind.Binance)
        {
            return null;
        }

        foreach (List<Subscription> list in lists)
        {
            foreach (Subscription s in list)
            {
                if (s.Instrument != wanted.Instrument && string.Equals(s.Symbol, wanted.Symbol, StringComparison.OrdinalIgnoreCase))
                {
                    return new ApiError(409, "Symbol subscribed already", $"Feed '{feed.Name}' subscribes symbol '{s.Symbol}' as {s.Instrument} already; {wanted.Instrument} cannot take it too.", $"instruments[{index}].symbol");
                }
            }
        }

        return null;
    }

    private static ApiError? Unsupported(FeedConnections feed)
    {
        if (feed.Connections.Count == 0)
        {
            return new ApiError(409, "No connection", $"Feed '{feed.Name}' has no feed session to change.", "name");
        }

        foreach (SessionFeedRunner connection in feed.Connections)
        {
            if (!connection.Session.CanChangeSubscriptions)
            {
                return new ApiError(
                    409,
                    "Runtime subscriptions not supported",
                    $"Feed '{feed.Name}' ({feed.Protocol}) cannot change subscriptions on its live connection: its session is built for a fixed instrument set. "
                    + "Change the feed's Instruments in the configuration and restart.",
                    "name");
            }
        }

        return null;
    }

    private static List<List<Subscription>> CurrentLists(FeedConnections feed)
    {
        var lists = new List<List<Subscription>>(feed.Connections.Count);
        foreach (SessionFeedRunner connection in feed.Connections)
        {
            lists.Add([.. connection.Session.Subscriptions]);
        }

        return lists;
    }

    private static (int Connection, int At) Locate(List<List<Subscription>> lists, InstrumentId instrument)
    {
        for (int c = 0; c < lists.Count; c++)
        {
            int at = lists[c].FindIndex(s => s.Instrument == instrument);
            if (at >= 0)
            {
                return (c, at);
            }
        }

        return (-1, -1);
    }

    /// <summary>
    /// Adds <paramref name="wanted"/> to the first connection with room, else (when <paramref name="canOpen"/> and the
    /// broker allows another connection) to a new list — a new connection, as the start-up split would; the refusal
    /// names the limit when neither.
    /// </summary>
    private static ApiError? Place(FeedConnections feed, List<List<Subscription>> lists, Subscription wanted, bool canOpen)
    {
        var (perConnection, maxConnections) = ConnectionLimits.For(feed.Protocol);
        int weight = ConnectionLimits.Weight(feed.Protocol, wanted);
        for (int c = 0; c < lists.Count; c++)
        {
            if (Used(feed, lists[c]) + weight <= perConnection)
            {
                lists[c].Add(wanted);
                return null;
            }
        }

        if (canOpen && lists.Count < maxConnections && weight <= perConnection)
        {
            lists.Add([wanted]);
            return null;
        }

        string opening = lists.Count < maxConnections
            ? $"The broker allows {maxConnections} connections, but connections are opened only at start: add the instrument to the feed's configured Instruments and restart to split it onto a new connection."
            : $"The feed uses all {maxConnections} connections the broker allows.";
        return new ApiError(
            409,
            "Connection limit reached",
            $"Feed '{feed.Name}' ({feed.Protocol}): every one of its {lists.Count} connection(s) carries its limit of {perConnection} {Unit(feed.Protocol)} per connection; {wanted.Instrument} does not fit. {opening}",
            "instruments");
    }

    /// <summary>A mode change can make an instrument heavier (Kotak HSM: Full adds a depth topic).</summary>
    private static ApiError? OverLimit(FeedConnections feed, List<List<Subscription>> lists)
    {
        var (perConnection, _) = ConnectionLimits.For(feed.Protocol);
        for (int c = 0; c < lists.Count; c++)
        {
            int used = Used(feed, lists[c]);
            if (used > perConnection)
            {
                return new ApiError(409, "Connection limit reached", $"Connection '{feed.Connections[c].Name}' would carry {used} {Unit(feed.Protocol)}, over the limit of {perConnection} per connection.", "instruments");
            }
        }

        return null;
    }

    private static int Used(FeedConnections feed, List<Subscription> list)
    {
        int used = 0;
        foreach (Subscription s in list)
        {
            used += ConnectionLimits.Weight(feed.Protocol, s);
        }

        return used;
    }

    private static string Unit(string protocol) => ConnectionLimits.Unit(protocol);

    /// <summary>
    /// Hands every connection whose list changed its new list, and opens a connection for each new list; "sent" only when
    /// every one was sent live ("pending" while a new connection has yet to connect and subscribe).
    /// </summary>
    private static async Task<string> ApplyAsync(FeedConnections feed, List<List<Subscription>> lists, Func<FeedConnections, int, IReadOnlyList<Subscription>, SessionFeedRunner>? open)
    {
        string applied = "unchanged";
        for (int c = 0; c < lists.Count; c++)
        {
            if (c >= feed.Connections.Count)
            {
                feed.Add(open!(feed, c, lists[c]));
                applied = "pending";
                continue;
            }

            FeedSession session = feed.Connections[c].Session;
            if (SubscriptionDiff.Compute(session.Subscriptions, lists[c]).IsEmpty)
            {
                continue;
            }

            SubscriptionChangeOutcome outcome = await session.ChangeSubscriptionsAsync(lists[c]).ConfigureAwait(false);
            applied = outcome switch
            {
                SubscriptionChangeOutcome.Pending => "pending",
                SubscriptionChangeOutcome.Sent when applied != "pending" => "sent",
                _ => applied,
            };
        }

        return applied;
    }

    private async Task<SubscriptionChangeView> PersistAsync(FeedConnections feed, List<Subscription> changed, string applied, List<PersistedSubscription> rows, CancellationToken cancellationToken)
    {
        string? persistedTo = _store.Description;
        string? error = null;
        try
        {
            await _store.SaveAsync(rows, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            persistedTo = null;
            error = exception.GetBaseException().Message;
            _logger.LogError("Feed {Feed}: subscription change applied but not kept in {Store} (a restart forgets it): {Error}", feed.Name, _store.Description, error);
        }

        _logger.LogInformation("Feed {Feed}: subscriptions changed ({Applied}): {Instruments}", feed.Name, applied, string.Join(", ", changed.Select(s => $"{s.Instrument} {s.Mode}")));
        return new SubscriptionChangeView(feed.Name, [.. changed.Select(s => s.Instrument.ToString())], applied, persistedTo, error, List(feed));
    }
}
