using System.Globalization;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>
/// Turns configured instrument names ("NSE:INFY", "NFO:NIFTY26JANFUT", "BINANCE:BTCUSDT", or a broker key) into
/// subscriptions through the broker's instrument master (Brokers/README.md §2): the token, the wire symbol or
/// segment, and the decimals. A name that is unknown, expired or not trading, or a configured value that contradicts
/// the master, is a configuration error naming the feed, the instrument and the reason.
/// </summary>
public static class InstrumentNameResolver
{
    /// <summary>Masters from the data directory's cache, loaded once per broker.</summary>
    public static Func<BrokerKind, InstrumentMaster?> FromCache(string dataDirectory)
    {
        var cache = new InstrumentMasterCache(dataDirectory);
        var loaded = new Dictionary<BrokerKind, InstrumentMaster?>();
        return broker =>
        {
            if (!loaded.TryGetValue(broker, out InstrumentMaster? master))
            {
                try
                {
                    master = cache.LoadNewest(broker);
                }
                catch (InstrumentMasterFormatException)
                {
                    master = null;
                }

                loaded[broker] = master;
            }

            return master;
        };
    }

    /// <summary>The broker whose master serves <paramref name="protocol"/>.</summary>
    public static BrokerKind? BrokerOf(string protocol) => protocol.ToLowerInvariant() switch
    {
        "kite" => BrokerKind.Kite,
        "dhan" or "dhan-depth20" or "dhan-depth200" => BrokerKind.Dhan,
        "kotak" or "kotak-hsm" => BrokerKind.Kotak,
        "binance" => BrokerKind.Binance,
        _ => null,
    };

    /// <summary>Resolves every named instrument of <paramref name="options"/> in place; problems go to <paramref name="errors"/>.</summary>
    public static void Resolve(FeedHostOptions options, Func<BrokerKind, InstrumentMaster?> masters, DateOnly today, List<string> errors)
    {
        for (int i = 0; i < options.Feeds.Count; i++)
        {
            FeedOptions feed = options.Feeds[i];
            for (int j = 0; j < feed.Instruments.Count; j++)
            {
                InstrumentOptions instrument = feed.Instruments[j];
                if (instrument.Name.Length == 0)
                {
                    continue;
                }

                string path = $"Feeds:{i}:Instruments:{j}:Name '{instrument.Name}'";
                if (BrokerOf(feed.Protocol) is not { } broker)
                {
                    continue; // the validator reports the protocol
                }

                if (masters(broker) is not { } master)
                {
                    errors.Add($"{path}: no {broker} instrument master is cached in {options.DataDirectory}: run `llfeed instruments sync --broker {broker.ToString().ToLowerInvariant()}`");
                    continue;
                }

                ResolveOne(path, instrument, broker, master, today, errors);
            }
        }
    }

    /// <summary>
    /// Resolves one named <paramref name="instrument"/> through <paramref name="master"/> in place (the runtime
    /// subscription API uses it too); a problem goes to <paramref name="errors"/> prefixed with <paramref name="path"/>.
    /// Returns true when the instrument was resolved.
    /// </summary>
    public static bool ResolveOne(string path, InstrumentOptions instrument, BrokerKind broker, InstrumentMaster master, DateOnly today, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(errors);
        if (master.Find(instrument.Name) is not { } found)
        {
            errors.Add($"{path}: no such instrument in the {broker} master of {master.ValidOn:yyyy-MM-dd} (try `llfeed instruments search`)");
            return false;
        }

        if (found.IsExpiredOn(today))
        {
            errors.Add($"{path}: the contract expired on {found.Expiry:yyyy-MM-dd}; subscribe to a current one");
            return false;
        }

        if (!found.Tradable)
        {
            errors.Add($"{path}: {found.QualifiedSymbol} is not trading on {broker}");
            return false;
        }

        int before = errors.Count;
        Apply(path, instrument, found, broker, errors);
        return errors.Count == before;
    }

    private static void Apply(string path, InstrumentOptions instrument, MasterInstrument found, BrokerKind broker, List<string> errors)
    {
        if (instrument.Token != 0 && instrument.Token != found.FeedToken)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: Token {instrument.Token} contradicts the master, which gives {found.FeedToken} ({found.BrokerKey})"));
            return;
        }

        if (instrument.PriceDecimals is { } decimals && decimals != found.PriceDecimals)
        {
            errors.Add($"{path}: PriceDecimals {decimals} contradicts the master, which gives {found.PriceDecimals} (tick {found.TickSize.ToString(CultureInfo.InvariantCulture)})");
            return;
        }

        if (instrument.QuantityDecimals is { } quantity && quantity != found.QuantityDecimals)
        {
            errors.Add($"{path}: QuantityDecimals {quantity} contradicts the master, which gives {found.QuantityDecimals}");
            return;
        }

        if (broker == BrokerKind.Dhan && instrument.Segment.Length > 0 && !instrument.Segment.Equals(found.Segment, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{path}: Segment {instrument.Segment} contradicts the master, which gives {found.Segment}");
            return;
        }

        instrument.Token = found.FeedToken;
        instrument.PriceDecimals = found.PriceDecimals;
        instrument.QuantityDecimals = found.QuantityDecimals;
        switch (broker)
        {
            case BrokerKind.Dhan:
                instrument.Segment = found.Segment;
                instrument.Symbol = found.Symbol;
                break;
            case BrokerKind.Kotak:
                instrument.Symbol = found.BrokerKey; // the wire scrip "nse_cm|11536" (Kotak/README.md §12)
                break;
            case BrokerKind.Binance:
                instrument.Symbol = found.BrokerKey.ToLowerInvariant(); // stream names are lower case (Binance/README.md §10)
                break;
            default:
                instrument.Symbol = found.Symbol;
                break;
        }
    }
}
