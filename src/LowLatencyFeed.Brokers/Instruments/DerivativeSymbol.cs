using System.Globalization;

namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>
/// The operator-facing name of a derivative in Kite's monthly style (Kite/README.md §12: <c>NIFTY15DECFUT</c>,
/// <c>NIFTY159500CE</c>): underlying, two-digit year, three-letter month, then FUT or strike and CE/PE. Dhan and Kotak
/// write their own trading symbols, so their rows get this name too and "NFO:NIFTY26JANFUT" means the same contract
/// on every broker. Weekly contracts of the same month share the name; the master keeps it for the latest expiry (the
/// monthly contract) and the weekly ones stay reachable by the broker's own symbol or key.
/// </summary>
public static class DerivativeSymbol
{
    private static readonly string[] s_months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    /// <summary>The monthly-style name, e.g. NIFTY26JANFUT or NIFTY26JAN24000CE.</summary>
    public static string Monthly(string underlying, DateOnly expiry, InstrumentKind kind, decimal strike, string optionType)
    {
        string stem = string.Create(CultureInfo.InvariantCulture, $"{underlying}{expiry.Year % 100:00}{s_months[expiry.Month - 1]}");
        return kind == InstrumentKind.Future
            ? stem + "FUT"
            : stem + (strike / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) + optionType;
    }
}
