using LowLatencyFeed.Brokers.Sessions;
using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Sessions;

/// <summary>
/// The exchanges whose sessions a feed follows: its <see cref="FeedOptions.Exchange"/> list, else what its instruments
/// name (an <c>NSE:INFY</c> name, a Dhan segment such as <c>NSE_FNO</c>, a Kotak symbol such as <c>mcx_fo|…</c>), NSE
/// when they name nothing, BINANCE for Binance feeds.
/// </summary>
public static class FeedExchanges
{
    /// <summary>The exchanges of <paramref name="feed"/>, upper case, without repeats.</summary>
    /// <exception cref="ConfigurationException">An <c>Exchange</c> entry the calendar does not know.</exception>
    public static IReadOnlyList<string> Of(FeedOptions feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var exchanges = new List<string>();
        if (feed.Exchange.Length > 0)
        {
            foreach (string part in feed.Exchange.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string exchange = part.ToUpperInvariant();
                if (!MarketCalendar.Exchanges.Contains(exchange))
                {
                    throw new ConfigurationException($"Feeds:{feed.Name}:Exchange: '{part}' is not an exchange the market calendar knows ({string.Join(", ", MarketCalendar.Exchanges)})");
                }

                Add(exchanges, exchange);
            }

            return exchanges;
        }

        if (feed.Protocol.StartsWith("binance", StringComparison.OrdinalIgnoreCase))
        {
            return ["BINANCE"];
        }

        foreach (InstrumentOptions instrument in feed.Instruments)
        {
            if (FromInstrument(instrument) is { } exchange)
            {
                Add(exchanges, exchange);
            }
        }

        if (exchanges.Count == 0)
        {
            exchanges.Add("NSE");
        }

        return exchanges;
    }

    private static string? FromInstrument(InstrumentOptions instrument)
    {
        int colon = instrument.Name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && MarketCalendar.Exchanges.Contains(instrument.Name[..colon].ToUpperInvariant()))
        {
            return instrument.Name[..colon].ToUpperInvariant();
        }

        // Dhan's exchange segments (Dhan/README.md §12) and Kotak's pExchSeg prefixes (Kotak/README.md §12).
        string segment = instrument.Segment.Length > 0 ? instrument.Segment : instrument.Symbol.Split('|')[0];
        return segment.ToUpperInvariant() switch
        {
            "NSE_EQ" or "IDX_I" or "NSE_CM" => "NSE",
            "NSE_FNO" or "NSE_FO" => "NFO",
            "NSE_CURRENCY" or "CDE_FO" => "CDS",
            "BSE_EQ" or "BSE_CM" => "BSE",
            "BSE_FNO" or "BSE_FO" => "BFO",
            "BSE_CURRENCY" or "BCS_FO" => "BCD",
            "MCX_COMM" or "MCX_FO" => "MCX",
            _ => null,
        };
    }

    private static void Add(List<string> exchanges, string exchange)
    {
        if (!exchanges.Contains(exchange))
        {
            exchanges.Add(exchange);
        }
    }
}
