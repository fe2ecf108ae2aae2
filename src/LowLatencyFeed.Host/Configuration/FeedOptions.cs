namespace LowLatencyFeed.Host.Configuration;

/// <summary>One broker connection.</summary>
public sealed class FeedOptions
{
    /// <summary>Label for logs and metrics.</summary>
    public string Name { get; set; } = "";

    /// <summary>Wire protocol: kite, dhan, dhan-depth20, dhan-depth200, kotak (SFeed), kotak-hsm (legacy HSM), binance.</summary>
    public string Protocol { get; set; } = "kite";

    /// <summary>
    /// WebSocket URL. <c>${NAME}</c> placeholders are filled from environment variables or the secrets file, so
    /// credentials never live in the config; logs show the URL without its query string.
    /// </summary>
    public string Url { get; set; } = "";

    /// <summary>Binance: base URL of the REST API that serves order book snapshots.</summary>
    public string RestUrl { get; set; } = "https://api.binance.com/";

    /// <summary>Kotak: the UCC (user) for the auth frame; <c>${NAME}</c> placeholders as for <see cref="Url"/>.</summary>
    public string User { get; set; } = "";

    /// <summary>Kotak: the session token (sid) for the auth frame; use a <c>${NAME}</c> placeholder, never the value.</summary>
    public string SessionToken { get; set; } = "";

    /// <summary>
    /// Kotak HSM: the JWT access token for the connect request (with <see cref="SessionToken"/> as its sid); use a
    /// <c>${NAME}</c> placeholder, never the value.
    /// </summary>
    public string AccessToken { get; set; } = "";

    /// <summary>
    /// Seconds without any frame (heartbeats included) before the link is declared dead. Binance sends no application
    /// heartbeat (its pings are not frames), so give Binance feeds 60 or more.
    /// </summary>
    public double StaleTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// Exchanges whose sessions this feed follows when <c>Sessions:Enabled</c> (NSE, BSE, NFO, BFO, CDS, BCD, MCX,
    /// BINANCE), comma-separated; empty: taken from the instruments (their <c>Name</c> prefix, Dhan segment or Kotak
    /// symbol), NSE when they say nothing, BINANCE for Binance feeds.
    /// </summary>
    public string Exchange { get; set; } = "";

    /// <summary>The instruments to subscribe.</summary>
    public List<InstrumentOptions> Instruments { get; set; } = [];
}
