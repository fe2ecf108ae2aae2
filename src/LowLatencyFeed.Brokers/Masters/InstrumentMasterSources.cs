namespace LowLatencyFeed.Brokers.Masters;

/// <summary>
/// Where each broker's master is downloaded from. Defaults are the brokers' production URLs (the broker READMEs'
/// instrument-master sections); tests and <c>llfeed simulate</c> point them at the simulator.
/// </summary>
public sealed class InstrumentMasterSources
{
    /// <summary>Kite REST root; the master is <c>GET {root}/instruments</c> (Kite/README.md §12).</summary>
    public string KiteRestUrl { get; set; } = "https://api.kite.trade/";

    /// <summary>Kite API key, for the <c>Authorization: token key:access</c> header (Kite/README.md §10); may be empty.</summary>
    public string KiteApiKey { get; set; } = "";

    /// <summary>Kite access token for the master call; a <c>${NAME}</c> placeholder, never the value. May be empty.</summary>
    public string KiteAccessToken { get; set; } = "";

    /// <summary>Kotak application token for the index call; a <c>${NAME}</c> placeholder, never the value. May be empty.</summary>
    public string KotakAppToken { get; set; } = "";

    /// <summary>Dhan's compact scrip master CSV, served without authentication (Dhan/README.md §12).</summary>
    public string DhanMasterUrl { get; set; } = "https://images.dhan.co/api-data/api-scrip-master.csv";

    /// <summary>Kotak's host for the file-paths index call (<c>baseUrl</c> after login, Kotak/README.md §11–§12).</summary>
    public string KotakRestUrl { get; set; } = "https://mis.kotaksecurities.com/";

    /// <summary>
    /// Download the masters of the configured feeds' brokers when the host starts (and resolve instrument names
    /// through them); false: the host uses the cached masters (<c>llfeed instruments sync</c>).
    /// </summary>
    public bool SyncOnStart { get; set; }

    /// <summary>IST time of day ("HH:mm") of the daily download while the host runs; empty: no daily download.</summary>
    public string DailySyncAt { get; set; } = "";

    /// <summary>Binance REST root; the master is <c>GET {root}/api/v3/exchangeInfo?permissions=SPOT</c> (Binance/README.md §10).</summary>
    public string BinanceRestUrl { get; set; } = "https://data-api.binance.vision/";
}
