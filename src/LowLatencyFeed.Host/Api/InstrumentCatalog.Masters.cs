using System.Globalization;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// Search in the brokers' instrument masters (Brokers/README.md §1–§2) when the host has loaded any: symbol, broker
/// symbol, broker key and name, filtered by exchange, segment and feed, with the configured feed filled in for an
/// instrument a feed subscribes.
/// </summary>
public sealed partial class InstrumentCatalog
{
    /// <summary>The masters in use (the host's instrument master service); null or empty: only configured instruments.</summary>
    public Func<List<InstrumentMaster>>? Masters { get; set; }

    /// <summary>True when at least one master is loaded, so searches go to the masters.</summary>
    public bool HasMasters => Masters?.Invoke() is { Count: > 0 };

    /// <summary>
    /// Master rows matching <paramref name="query"/> (exact symbol or key first, then rows containing it in the
    /// symbol, broker symbol, key or name), of <paramref name="exchange"/> (NSE, NFO …, or the start of a segment
    /// name) and <paramref name="segment"/>, of the broker of <paramref name="feed"/>; at most <paramref name="limit"/>.
    /// </summary>
    public List<InstrumentInfo> SearchMasters(string? query, string? feed, string? exchange, string? segment, int limit)
    {
        var found = new List<InstrumentInfo>();
        if (Masters?.Invoke() is not { } masters)
        {
            return found;
        }

        BrokerKind? feedBroker = null;
        if (!string.IsNullOrEmpty(feed))
        {
            feedBroker = FeedBroker(feed);
            if (feedBroker is null)
            {
                return found;
            }
        }

        var seen = new HashSet<MasterInstrument>(ReferenceEqualityComparer.Instance);
        // Exact names first: "INFY" should list NSE:INFY before INFYBEES.
        for (int pass = 0; pass < 2 && found.Count < limit; pass++)
        {
            foreach (InstrumentMaster master in masters)
            {
                if (feedBroker is { } only && master.Broker != only)
                {
                    continue;
                }

                foreach (MasterInstrument instrument in master.Instruments)
                {
                    if (found.Count >= limit)
                    {
                        break;
                    }

                    if (!Matches(instrument, query, exact: pass == 0) || !InExchange(instrument, exchange)
                        || (!string.IsNullOrEmpty(segment) && !instrument.Segment.Equals(segment, StringComparison.OrdinalIgnoreCase))
                        || !seen.Add(instrument))
                    {
                        continue;
                    }

                    found.Add(Describe(master, instrument));
                }
            }
        }

        return found;
    }

    /// <summary>An instrument by master name (<c>NSE:INFY</c>) or broker key, subscribed or not; null when no master has it.</summary>
    public InstrumentInfo? FindInMasters(string text)
    {
        if (Masters?.Invoke() is not { } masters)
        {
            return null;
        }

        foreach (InstrumentMaster master in masters)
        {
            if (master.Find(text) is { } instrument)
            {
                return Describe(master, instrument);
            }
        }

        return null;
    }

    /// <summary><paramref name="configured"/> with the fields of its master row, when a loaded master lists its token.</summary>
    public InstrumentInfo WithMasterFields(InstrumentInfo configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (Masters?.Invoke() is not { } masters || InstrumentNameResolver.BrokerOf(configured.Protocol) is not { } broker)
        {
            return configured;
        }

        foreach (InstrumentMaster master in masters)
        {
            if (master.Broker != broker)
            {
                continue;
            }

            foreach (MasterInstrument instrument in master.Instruments)
            {
                if (instrument.FeedToken == configured.Token
                    && (broker != BrokerKind.Dhan || configured.Segment is null || configured.Segment.Equals(instrument.Segment, StringComparison.OrdinalIgnoreCase)))
                {
                    return Describe(master, instrument);
                }
            }
        }

        return configured;
    }

    private static bool Matches(MasterInstrument instrument, string? query, bool exact)
    {
        if (string.IsNullOrEmpty(query))
        {
            return !exact;
        }

        if (exact)
        {
            return instrument.Symbol.Equals(query, StringComparison.OrdinalIgnoreCase)
                || instrument.QualifiedSymbol.Equals(query, StringComparison.OrdinalIgnoreCase)
                || instrument.BrokerKey.Equals(query, StringComparison.OrdinalIgnoreCase);
        }

        return instrument.QualifiedSymbol.Contains(query, StringComparison.OrdinalIgnoreCase)
            || instrument.BrokerSymbol.Contains(query, StringComparison.OrdinalIgnoreCase)
            || instrument.BrokerKey.Contains(query, StringComparison.OrdinalIgnoreCase)
            || instrument.Name.Contains(query, StringComparison.OrdinalIgnoreCase);
    }

    private static bool InExchange(MasterInstrument instrument, string? exchange) =>
        string.IsNullOrEmpty(exchange)
        || instrument.Exchange.Equals(exchange, StringComparison.OrdinalIgnoreCase)
        || instrument.Segment.StartsWith(exchange, StringComparison.OrdinalIgnoreCase);

    private static FeedKind FeedKindOf(BrokerKind broker) => broker switch
    {
        BrokerKind.Kite => FeedKind.Kite,
        BrokerKind.Dhan => FeedKind.Dhan,
        BrokerKind.Kotak => FeedKind.Kotak,
        _ => FeedKind.Binance,
    };

    private BrokerKind? FeedBroker(string feed)
    {
        foreach (InstrumentInfo info in Current.All)
        {
            if (info.Feed.Equals(feed, StringComparison.OrdinalIgnoreCase))
            {
                return InstrumentNameResolver.BrokerOf(info.Protocol);
            }
        }

        return null;
    }

    private InstrumentInfo Describe(InstrumentMaster master, MasterInstrument instrument)
    {
        InstrumentInfo? subscribed = null;
        foreach (InstrumentInfo info in Current.All)
        {
            if (info.Token == instrument.FeedToken
                && InstrumentNameResolver.BrokerOf(info.Protocol) == master.Broker
                && (master.Broker != BrokerKind.Dhan || info.Segment is null || info.Segment.Equals(instrument.Segment, StringComparison.OrdinalIgnoreCase)))
            {
                subscribed = info;
                break;
            }
        }

        var id = InstrumentId.From(FeedKindOf(master.Broker), instrument.FeedToken);
        InstrumentInfo basis = subscribed ?? new InstrumentInfo(
            id.ToString(),
            id.Value,
            "",
            master.Broker.ToString().ToLowerInvariant(),
            instrument.FeedToken,
            instrument.BrokerSymbol,
            instrument.Segment,
            "",
            instrument.PriceDecimals,
            instrument.QuantityDecimals);
        return basis with
        {
            Name = instrument.QualifiedSymbol,
            Exchange = instrument.Exchange,
            Description = instrument.Name,
            InstrumentType = instrument.InstrumentType,
            Expiry = instrument.Expiry?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Strike = instrument.Strike,
            OptionType = instrument.OptionType,
            LotSize = instrument.LotSize,
            TickSize = instrument.TickSize,
            BrokerKey = instrument.BrokerKey,
            MasterValidOn = master.ValidOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }
}
