using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// Where an instrument's trading day lives: daily bars run from local midnight to the next local midnight of
/// <see cref="TimeZone"/>, and intraday bars are aligned to local midnight + <see cref="IntradayAnchor"/> + k × span
/// (never crossing a local midnight).
/// </summary>
/// <param name="TimeZone">The session time zone (Asia/Kolkata for NSE/BSE, UTC for crypto).</param>
/// <param name="IntradayAnchor">
/// Offset from local midnight that intraday bars align to: zero (default) gives 09:00, 10:00 … hourly bars;
/// 09:15 gives NSE-style 09:15, 10:15 …. Must be in [0, 1 day).
/// </param>
public sealed record TradingSession(TimeZoneInfo TimeZone, TimeSpan IntradayAnchor)
{
    /// <summary>The NSE/BSE normal market's open, 09:15 IST: Indian intraday bars count from it (09:15, 10:15 …).</summary>
    public static readonly TimeSpan IndiaOpen = new(9, 15, 0);

    private static readonly Lazy<TradingSession> s_india = new(() => new TradingSession(FindIndia(), IndiaOpen));

    /// <summary>UTC days (crypto).</summary>
    public static TradingSession Utc { get; } = new(TimeZoneInfo.Utc, TimeSpan.Zero);

    /// <summary>
    /// Asia/Kolkata days (NSE, BSE, MCX) with intraday bars anchored to the 09:15 open, so an hourly bar is 09:15–10:15
    /// and the last one 15:15–15:30 (the database roll-ups use the same anchor, storage migration 9).
    /// </summary>
    public static TradingSession India => s_india.Value;

    /// <summary>The default resolver: Kite, Dhan and Kotak instruments trade on Indian days, everything else on UTC days.</summary>
    public static TradingSession ForInstrument(InstrumentId instrument) => instrument.Feed switch
    {
        FeedKind.Kite or FeedKind.Dhan or FeedKind.Kotak => India,
        _ => Utc,
    };

    private static TimeZoneInfo FindIndia()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        }
        catch (TimeZoneNotFoundException)
        {
            // Slim container images ship without tzdata; IST has been a fixed +05:30 since 1945.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Kolkata", new TimeSpan(5, 30, 0), "India Standard Time", "India Standard Time");
        }
    }
}
