using System.Globalization;
using LowLatencyFeed.Brokers.Sessions;

namespace LowLatencyFeed.Host.Sessions;

/// <summary>
/// Whether a feed's market is in session (its connect window: lead before the pre-open to lag after the close), when
/// that changes next, and the operator's sentence for <c>/api/feeds</c> and <c>/health</c>
/// (<c>closed until 09:00 IST Tuesday (NSE pre-open; connects 08:50)</c>).
/// </summary>
/// <param name="Open">Inside a connect window of one of the feed's exchanges.</param>
/// <param name="NextChange">When <see cref="Open"/> may change next; <see cref="DateTimeOffset.MaxValue"/> for 24/7 markets.</param>
/// <param name="Description">The state in words, times in IST (UTC for crypto).</param>
public sealed record FeedSessionState(bool Open, DateTimeOffset NextChange, string Description)
{
    /// <summary>The state of a feed following <paramref name="exchanges"/> at <paramref name="now"/>.</summary>
    public static FeedSessionState At(MarketCalendar calendar, IReadOnlyList<string> exchanges, DateTimeOffset now, TimeSpan lead, TimeSpan lag)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(exchanges);
        foreach (string exchange in exchanges)
        {
            if (exchange == "BINANCE")
            {
                return new FeedSessionState(true, DateTimeOffset.MaxValue, "open 24/7 (BINANCE)");
            }
        }

        TradingSession? closing = null, opening = null;
        DateTimeOffset next = DateTimeOffset.MaxValue;
        foreach (string exchange in exchanges)
        {
            // The session whose window still runs at now: its close + lag is after now.
            TradingSession session = calendar.NextSession(exchange, now - lag);
            DateTimeOffset connect = session.PreOpen - lead, disconnect = session.Close + lag;
            if (connect <= now)
            {
                next = Min(next, disconnect);
                if (closing is null || session.Close > closing.Close)
                {
                    closing = session;
                }
            }
            else
            {
                next = Min(next, connect);
                if (opening is null || session.PreOpen < opening.PreOpen)
                {
                    opening = session;
                }
            }
        }

        if (closing is not null)
        {
            return new FeedSessionState(true, next, $"open until {Ist(closing.Close)} IST ({closing.Exchange} close; disconnects {Ist(closing.Close + lag)})");
        }

        TradingSession first = opening!;
        DateTimeOffset localPreOpen = first.PreOpen.ToOffset(MarketCalendar.Ist);
        string kind = first.PreOpen < first.Open ? "pre-open" : "open";
        return new FeedSessionState(false, next, $"closed until {Ist(first.PreOpen)} IST {localPreOpen.DayOfWeek} {localPreOpen:yyyy-MM-dd} ({first.Exchange} {kind}; connects {Ist(first.PreOpen - lead)})");
    }

    private static string Ist(DateTimeOffset instant) => instant.ToOffset(MarketCalendar.Ist).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
