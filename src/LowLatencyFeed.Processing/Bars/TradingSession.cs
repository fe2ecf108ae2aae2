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

    /// <summary>The open of MCX commodities and of NSE/BSE currency derivatives, 09:00 IST (no pre-open).</summary>
    public static readonly TimeSpan IndiaNineOpen = new(9, 0, 0);

    private static readonly Lazy<TradingSession> s_india = new(() => new TradingSession(FindIndia(), IndiaOpen));
    private static readonly Lazy<TradingSession> s_indiaNine = new(() => new TradingSession(s_india.Value.TimeZone, IndiaNineOpen));

    /// <summary>UTC days (crypto).</summary>
    public static TradingSession Utc { get; } = new(TimeZoneInfo.Utc, TimeSpan.Zero);

    /// <summary>
    /// Asia/Kolkata days (NSE, BSE, MCX) with intraday bars anchored to the 09:15 open, so an hourly bar is 09:15–10:15
    /// and the last one 15:15–15:30 (the database roll-ups use the same anchor per exchange, storage migration 10).
    /// </summary>
    public static TradingSession India => s_india.Value;

    /// <summary>
    /// Asia/Kolkata days with intraday bars anchored to 09:00 IST, the open of MCX commodities (till 23:30/23:55) and of
    /// currency derivatives on NSE (CDS) and BSE (BCD, till 17:00): an MCX hourly bar is 09:00–10:00.
    /// </summary>
    public static TradingSession IndiaFromNine => s_indiaNine.Value;

    /// <summary>
    /// The session of an exchange in operator terms (the instrument master's exchange, Processing/README.md "Sessions by exchange segment"): NSE,
    /// BSE, NFO, BFO → <see cref="India"/> (09:15); MCX, CDS, BCD → <see cref="IndiaFromNine"/> (09:00); BINANCE →
    /// <see cref="Utc"/>; null for an exchange it does not know.
    /// </summary>
    public static TradingSession? ForExchange(string exchange) => exchange.ToUpperInvariant() switch
    {
        "NSE" or "BSE" or "NFO" or "BFO" => India,
        "MCX" or "CDS" or "BCD" => IndiaFromNine,
        "BINANCE" => Utc,
        _ => null,
    };

    /// <summary>
    /// The default resolver when the instrument's exchange is not known: Kite, Dhan and Kotak instruments trade on Indian
    /// days from 09:15 (the equity and F&amp;O open), everything else on UTC days. <see cref="ExchangeSessionMap"/>
    /// refines it per instrument from the instrument master's exchange.
    /// </summary>
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
