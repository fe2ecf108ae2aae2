using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// The instruments the configured feeds subscribe to, found by id, by
/// <c>Feed:Token</c>, by numeric instrument id or by symbol.
/// </summary>
public sealed partial class InstrumentCatalog
{
    private readonly List<InstrumentInfo> _all = [];
    private readonly Dictionary<long, InstrumentInfo> _byId = [];
    private readonly Dictionary<string, InstrumentInfo> _bySymbol = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds the catalog from <paramref name="feeds"/>; an instrument listed by two feeds keeps the first.</summary>
    public InstrumentCatalog(IEnumerable<FeedOptions> feeds)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        foreach (FeedOptions feed in feeds)
        {
            FeedKind kind = FeedFactory.FeedKindOf(feed.Protocol);
            foreach (InstrumentOptions instrument in feed.Instruments)
            {
                var id = InstrumentId.From(kind, instrument.Token);
                var info = new InstrumentInfo(
                    id.ToString(),
                    id.Value,
                    feed.Name,
                    feed.Protocol,
                    instrument.Token,
                    instrument.Symbol.Length > 0 ? instrument.Symbol : null,
                    instrument.Segment.Length > 0 ? instrument.Segment : null,
                    instrument.Mode.ToString(),
                    instrument.PriceDecimals ?? 2,
                    instrument.QuantityDecimals ?? 0);
                if (_byId.TryAdd(id.Value, info))
                {
                    _all.Add(info);
                    if (info.Symbol is not null)
                    {
                        _bySymbol.TryAdd(info.Symbol, info);
                    }
                }
            }
        }
    }

    /// <summary>Every instrument, in configuration order.</summary>
    public IReadOnlyList<InstrumentInfo> All => _all;

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

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && Enum.TryParse(text.AsSpan(0, colon), ignoreCase: true, out FeedKind feed)
            && feed != FeedKind.None
            && long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long token)
            && _byId.TryGetValue(InstrumentId.From(feed, token).Value, out InstrumentInfo? byToken))
        {
            return byToken;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && _byId.TryGetValue(value, out InstrumentInfo? byValue))
        {
            return byValue;
        }

        if (_bySymbol.GetValueOrDefault(text) is { } bySymbol)
        {
            return bySymbol;
        }

        // A master name (NSE:INFY) of an instrument a feed subscribes.
        return FindInMasters(text) is { Feed.Length: > 0 } named ? _byId.GetValueOrDefault(named.InstrumentId) : null;
    }

    /// <summary>
    /// Instruments whose symbol, id or token contains <paramref name="query"/>, of feed <paramref name="feed"/>, whose
    /// segment starts with <paramref name="exchange"/> (<c>NSE</c> matches <c>NSE_EQ</c>) or equals <paramref name="segment"/>.
    /// </summary>
    public List<InstrumentInfo> Search(string? query, string? feed, string? exchange, string? segment, int limit)
    {
        var found = new List<InstrumentInfo>();
        foreach (InstrumentInfo info in _all)
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
}
