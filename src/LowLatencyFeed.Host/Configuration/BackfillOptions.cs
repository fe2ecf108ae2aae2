namespace LowLatencyFeed.Host.Configuration;

/// <summary>
/// The <c>Backfill</c> section: the brokers' REST roots and credentials for historical candles (Kite/README.md §13,
/// Dhan/README.md §13, Binance/README.md §11), each broker's request rate (a token bucket per broker), and the
/// automatic mode. Credentials are <c>${NAME}</c> placeholders resolved like the feeds' secrets.
/// </summary>
public sealed class BackfillOptions
{
    /// <summary>Backfill at host start (today's session up to now) and after each gap the journal records. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Timeframe the automatic mode fills (<c>1m</c>, …). Default 1m.</summary>
    public string Timeframe { get; set; } = "1m";

    /// <summary>How often the automatic mode looks for gap-affected or partial live bars to fill. Default 60 s.</summary>
    public int GapPollSeconds { get; set; } = 60;

    /// <summary>How far back the automatic mode looks for them. Default 24 h.</summary>
    public int GapLookbackHours { get; set; } = 24;

    /// <summary>Kite REST root (<c>GET {root}/instruments/historical/…</c>).</summary>
    public string KiteRestUrl { get; set; } = "https://api.kite.trade/";

    /// <summary>Kite API key for the <c>Authorization: token key:access</c> header; may be empty.</summary>
    public string KiteApiKey { get; set; } = "";

    /// <summary>Kite access token; a <c>${NAME}</c> placeholder. May be empty.</summary>
    public string KiteAccessToken { get; set; } = "";

    /// <summary>Dhan REST root (<c>POST {root}/v2/charts/…</c>).</summary>
    public string DhanRestUrl { get; set; } = "https://api.dhan.co/";

    /// <summary>Dhan access token (the <c>access-token</c> header); a <c>${NAME}</c> placeholder. May be empty.</summary>
    public string DhanAccessToken { get; set; } = "";

    /// <summary>Dhan client id (the <c>client-id</c> header); may be empty.</summary>
    public string DhanClientId { get; set; } = "";

    /// <summary>Binance REST root (<c>GET {root}/api/v3/klines</c>); the public-data root needs no key.</summary>
    public string BinanceRestUrl { get; set; } = "https://data-api.binance.vision/";

    /// <summary>Kite history requests a second. Default 3 (Kite/README.md §14).</summary>
    public double KiteRequestsPerSecond { get; set; } = 3;

    /// <summary>Dhan history requests a second. Default 5 (Dhan/README.md §14).</summary>
    public double DhanRequestsPerSecond { get; set; } = 5;

    /// <summary>Binance kline requests a second. Default 20 (weight 2 of 6000 a minute, Binance/README.md §12).</summary>
    public double BinanceRequestsPerSecond { get; set; } = 20;

    /// <summary>Tries after an HTTP 429 before a backfill gives up. Default 10.</summary>
    public int MaxRateLimitRetries { get; set; } = 10;

    /// <summary>First wait after a 429 without Retry-After, doubling per retry. Default 250 ms.</summary>
    public int InitialBackoffMilliseconds { get; set; } = 250;
}
