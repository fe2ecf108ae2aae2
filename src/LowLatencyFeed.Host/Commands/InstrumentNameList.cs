using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Replay;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// A command line's instrument list with master names beside ids: <c>Kite:408065,NSE:NIFTY 50,NFO:NIFTY26JANFUT</c>.
/// Entries are separated by commas; an entry starting with an exchange (Brokers/README.md §2) is a name, looked up in
/// every cached master and giving the instrument of each broker that lists it (a journal may hold NSE:INFY from Kite
/// and from Dhan); anything else is an id as <see cref="ReplayArguments.ParseInstruments"/> reads it.
/// </summary>
public static class InstrumentNameList
{
    private static readonly string[] s_exchanges = ["NSE", "BSE", "NFO", "BFO", "CDS", "BCD", "MCX", "BINANCE"];

    /// <summary>The ids of <paramref name="text"/>; names resolve through the masters cached in <paramref name="dataDirectory"/>.</summary>
    public static List<InstrumentId> Parse(string text, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<InstrumentId>();
        InstrumentMasterCache? cache = null;
        Dictionary<BrokerKind, InstrumentMaster?>? masters = null;
        foreach (string entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsName(entry))
            {
                ids.AddRange(ReplayArguments.ParseInstruments(entry));
                continue;
            }

            cache ??= new InstrumentMasterCache(dataDirectory);
            masters ??= [];
            int found = 0;
            foreach (BrokerKind broker in Enum.GetValues<BrokerKind>())
            {
                if (!masters.TryGetValue(broker, out InstrumentMaster? master))
                {
                    master = cache.LoadNewest(broker);
                    masters[broker] = master;
                }

                if (master?.Find(entry) is { } instrument)
                {
                    ids.Add(InstrumentId.From(FeedKindOf(broker), instrument.FeedToken));
                    found++;
                }
            }

            if (found == 0)
            {
                throw new FormatException($"Instrument '{entry}' is in no instrument master cached in {dataDirectory} (run `llfeed instruments sync`, or give Feed:Token such as Kite:408065).");
            }
        }

        return ids;
    }

    private static bool IsName(string entry)
    {
        int colon = entry.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Array.Exists(s_exchanges, exchange => entry.AsSpan(0, colon).Equals(exchange, StringComparison.OrdinalIgnoreCase));
    }

    private static FeedKind FeedKindOf(BrokerKind broker) => broker switch
    {
        BrokerKind.Kite => FeedKind.Kite,
        BrokerKind.Dhan => FeedKind.Dhan,
        BrokerKind.Kotak => FeedKind.Kotak,
        _ => FeedKind.Binance,
    };
}
