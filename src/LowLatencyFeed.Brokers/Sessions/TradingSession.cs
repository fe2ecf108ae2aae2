namespace LowLatencyFeed.Brokers.Sessions;

/// <summary>One exchange's session on one day, as UTC instants.</summary>
/// <param name="Exchange">NSE, BSE, NFO, BFO, CDS, BCD, MCX or BINANCE.</param>
/// <param name="Day">The exchange's local trading day.</param>
/// <param name="PreOpen">Start of the pre-open call auction; equal to <paramref name="Open"/> where there is none.</param>
/// <param name="Open">Start of the normal market: the anchor of session bars.</param>
/// <param name="Close">End of the normal market.</param>
public sealed record TradingSession(string Exchange, DateOnly Day, DateTimeOffset PreOpen, DateTimeOffset Open, DateTimeOffset Close)
{
    /// <summary>Whether <paramref name="instant"/> is inside [pre-open, close).</summary>
    public bool Contains(DateTimeOffset instant) => instant >= PreOpen && instant < Close;
}
