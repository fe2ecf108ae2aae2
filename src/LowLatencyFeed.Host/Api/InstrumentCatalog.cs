using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// The instruments the feeds subscribe to — configured, and subscribed at runtime through
/// <c>/api/feeds/{name}/subscriptions</c> (<see cref="Apply"/>; unsubscribed ones stay for their history) — found by id,
/// by <c>Feed:Token</c>, by numeric instrument id or by symbol.
/// </summary>
public sealed partial class InstrumentCatalog
{
    // Readers (API requests, stream sessions) take the current snapshot with one volatile read and never lock; a
    // subscription change builds a new snapshot and publishes it (cold path, serialized by _writeGate).
    private readonly Lock _writeGate = new();
    private Snapshot _snapshot;

    /// <summary>Builds the catalog from <paramref name="feeds"/>; an instrument listed by two feeds keeps the first.</summary>
    public InstrumentCatalog(IEnumerable<FeedOptions> feeds)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        var all = new List<InstrumentInfo>();
        var byId = new Dictionary<long, InstrumentInfo>();
        var bySymbol = new Dictionary<string, InstrumentInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (FeedOptions feed in feeds)
        {
            FeedKind kind = FeedFactory.FeedKindOf(feed.Protocol);
            foreach (InstrumentOptions instrument in feed.Instruments)
            {
                var info = InfoOf(feed.Name, feed.Protocol, kind, instrument.Token, instrument.Symbol, instrument.Segment, instrument.Mode.ToString(), instrument.PriceDecimals ?? 2, instrument.QuantityDecimals ?? 0);
                if (byId.TryAdd(info.InstrumentId, info))
                {
                    all.Add(info);
                    if (info.Symbol is not null)
                    {
                        bySymbol.TryAdd(info.Symbol, info);
                    }
                }
            }
        }

        _snapshot = new Snapshot(all, byId, bySymbol);
    }

    /// <summary>Every instrument: the configured ones in configuration order, then those subscribed at runtime.</summary>
    public IReadOnlyList<InstrumentInfo> All => Current.All;

    private Snapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>
    /// Records a runtime subscription change of feed <paramref name="feed"/> (<see cref="Subscriptions.FeedSubscriptionService"/>):
    /// a subscribed instrument is added, or its mode updated; an unsubscribed one stays (its stored history remains
    /// readable) with an empty mode. Publishes a new snapshot; readers never wait.
    /// </summary>
    public void Apply(string feed, string protocol, IReadOnlyList<Protocols.Common.Subscription> changed, bool subscribed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        FeedKind kind = FeedFactory.FeedKindOf(protocol);
        lock (_writeGate)
        {
            Snapshot current = _snapshot;
            var all = new List<InstrumentInfo>(current.All);
            var byId = new Dictionary<long, InstrumentInfo>(current.ById);
            var bySymbol = new Dictionary<string, InstrumentInfo>(current.BySymbol, StringComparer.OrdinalIgnoreCase);
            foreach (Protocols.Common.Subscription s in changed)
            {
                InstrumentInfo info = InfoOf(feed, protocol, kind, s.Instrument.Token, s.Symbol, s.Segment, subscribed ? s.Mode.ToString() : "", s.PriceDecimals, s.QuantityDecimals);
                if (byId.TryGetValue(info.InstrumentId, out InstrumentInfo? known))
                {
                    // Keep what was known (configured symbol, segment) and change only the mode.
                    info = known with { Mode = info.Mode };
                    all[all.IndexOf(known)] = info;
                    if (known.Symbol is not null && bySymbol.TryGetValue(known.Symbol, out InstrumentInfo? named) && named == known)
                    {
                        bySymbol[known.Symbol] = info;
                    }
                }
                else
                {
                    all.Add(info);
                    if (info.Symbol is not null)
                    {
                        bySymbol.TryAdd(info.Symbol, info);
                    }
                }

                byId[info.InstrumentId] = info;
            }

            Volatile.Write(ref _snapshot, new Snapshot(all, byId, bySymbol));
        }
    }

    private static InstrumentInfo InfoOf(string feed, string protocol, FeedKind kind, long token, string symbol, string segment, string mode, int priceDecimals, int quantityDecimals)
    {
        var id = InstrumentId.From(kind, token);
        return new InstrumentInfo(
            id.ToString(),
            id.Value,
            feed,
            protocol,
            token,
            symbol.Length > 0 ? symbol : null,
            segment.Length > 0 ? segment : null,
            mode,
            priceDecimals,
            quantityDecimals);
    }

    /// <summary>
    /// Resolves <paramref name="text"/>: <c>Feed:Token</c> (<c>kite:408065</c>, case-insensitive), the numeric
    /// instrument id, a configured symbol, or a master name (<c>NSE:INFY</c>) of a subscribed instrument.
    /// </summary>
    public InstrumentInfo? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        Snapshot current = Current;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && Enum.TryParse(text.AsSpan(0, colon), ignoreCase: true, out FeedKind feed)
            && feed != FeedKind.None
            && long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long token)
            && current.ById.TryGetValue(InstrumentId.From(feed, token).Value, out InstrumentInfo? byToken))
        {
            return byToken;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && current.ById.TryGetValue(value, out InstrumentInfo? byValue))
        {
            return byValue;
        }

        if (current.BySymbol.GetValueOrDefault(text) is { } bySymbol)
        {
            return bySymbol;
        }

        // A master name (NSE:INFY) of an instrument a feed subscribes.
        return FindInMasters(text) is { Feed.Length: > 0 } named ? current.ById.GetValueOrDefault(named.InstrumentId) : null;
    }

    /// <summary>
    /// Instruments whose symbol, id or token contains <paramref name="query"/>, of feed <paramref name="feed"/>, whose
    /// segment starts with <paramref name="exchange"/> (<c>NSE</c> matches <c>NSE_EQ</c>) or equals <paramref name="segment"/>.
    /// </summary>
    public List<InstrumentInfo> Search(string? query, string? feed, string? exchange, string? segment, int limit)
    {
        var found = new List<InstrumentInfo>();
        foreach (InstrumentInfo info in Current.All)
        {
            if (found.Count == limit)
            {
                break;
            }

            if (!string.IsNullOrEmpty(query)
                && !(info.Symbol?.Contains(query, StringComparison.OrdinalIgnoreCase) ?? false)
                && !info.Id.Contains(query, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(feed) && !string.Equals(info.Feed, feed, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(exchange) && !(info.Segment?.StartsWith(exchange, StringComparison.OrdinalIgnoreCase) ?? false))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(segment) && !string.Equals(info.Segment, segment, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            found.Add(info);
        }

        return found;
    }

    /// <summary>One published state of the catalog; never changed after it is published.</summary>
    private sealed record Snapshot(List<InstrumentInfo> All, Dictionary<long, InstrumentInfo> ById, Dictionary<string, InstrumentInfo> BySymbol);
}
