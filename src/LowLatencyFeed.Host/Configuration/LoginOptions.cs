namespace LowLatencyFeed.Host.Configuration;

/// <summary>
/// Where and as whom <c>llfeed login</c> logs in (Brokers/README.md §7), and how far ahead the host warns of a token's
/// expiry. Credentials are <c>${NAME}</c> placeholders (environment or secrets file), never values; the defaults name
/// the environment variables, so an unattended Dhan or Kotak login needs no config file at all.
/// </summary>
public sealed class LoginOptions
{
    /// <summary>Kite API key.</summary>
    public string KiteApiKey { get; set; } = "${KITE_API_KEY}";

    /// <summary>Kite API secret; only its checksum leaves the host.</summary>
    public string KiteApiSecret { get; set; } = "${KITE_API_SECRET}";

    /// <summary>Kite REST root for <c>POST /session/token</c>.</summary>
    public string KiteRestUrl { get; set; } = "https://api.kite.trade/";

    /// <summary>Root of the page the account holder opens (<c>/connect/login?v=3&amp;api_key=…</c>).</summary>
    public string KiteLoginUrl { get; set; } = "https://kite.zerodha.com/";

    /// <summary>Port of the loopback redirect listener (the redirect URL registered with the Kite app is <c>http://127.0.0.1:PORT/PATH/</c>).</summary>
    public int KiteRedirectPort { get; set; } = 5123;

    /// <summary>Path of the loopback redirect listener.</summary>
    public string KiteRedirectPath { get; set; } = "kite/redirect";

    /// <summary>Minutes <c>llfeed login kite</c> waits for the browser's redirect.</summary>
    public double KiteRedirectTimeoutMinutes { get; set; } = 10;

    /// <summary>
    /// Where the running host POSTs its Kite login prompt (JSON: broker, loginUrl, reason, redirectListener), e.g. a
    /// chat or paging hook; empty: the log line, <c>/health</c> and the metric only.
    /// </summary>
    public string KiteLoginWebhookUrl { get; set; } = "";

    /// <summary>Dhan's auth host (<c>POST /app/generateAccessToken</c>).</summary>
    public string DhanAuthUrl { get; set; } = "https://auth.dhan.co/";

    /// <summary>Dhan client id.</summary>
    public string DhanClientId { get; set; } = "${DHAN_CLIENT_ID}";

    /// <summary>Dhan 6-digit PIN.</summary>
    public string DhanPin { get; set; } = "${DHAN_PIN}";

    /// <summary>Dhan base32 TOTP secret.</summary>
    public string DhanTotpSecret { get; set; } = "${DHAN_TOTP_SECRET}";

    /// <summary>Dhan API key (the consent flow, <c>llfeed login dhan --consent</c>; valid 12 months).</summary>
    public string DhanApiKey { get; set; } = "${DHAN_API_KEY}";

    /// <summary>Dhan API secret (the consent flow).</summary>
    public string DhanApiSecret { get; set; } = "${DHAN_API_SECRET}";

    /// <summary>Dhan's REST root (<c>GET /v2/RenewToken</c>).</summary>
    public string DhanApiUrl { get; set; } = "https://api.dhan.co/";

    /// <summary>
    /// Port of the loopback listener for Dhan's consent redirect (the Redirect URL registered with the API key is
    /// <c>http://127.0.0.1:PORT/PATH/</c>).
    /// </summary>
    public int DhanRedirectPort { get; set; } = 5124;

    /// <summary>Path of the Dhan consent redirect listener.</summary>
    public string DhanRedirectPath { get; set; } = "dhan/redirect";

    /// <summary>Kotak Neo login host (<c>/login/1.0/tradeApiLogin</c>, <c>tradeApiValidate</c>).</summary>
    public string KotakLoginUrl { get; set; } = "https://mis.kotaksecurities.com/";

    /// <summary>Kotak application token.</summary>
    public string KotakAppToken { get; set; } = "${KOTAK_APP_TOKEN}";

    /// <summary>Kotak registered mobile number (+91…).</summary>
    public string KotakMobileNumber { get; set; } = "${KOTAK_MOBILE}";

    /// <summary>Kotak client code (UCC).</summary>
    public string KotakUcc { get; set; } = "${KOTAK_UCC}";

    /// <summary>Kotak base32 TOTP secret.</summary>
    public string KotakTotpSecret { get; set; } = "${KOTAK_TOTP_SECRET}";

    /// <summary>Kotak 6-digit MPIN.</summary>
    public string KotakMpin { get; set; } = "${KOTAK_MPIN}";

    /// <summary>Hours before a stored token's expiry that <c>/health</c> starts warning.</summary>
    public double ExpiryWarningHours { get; set; } = 2;

    /// <summary>Seconds between the host's re-reads of the token store (the fallback to the file watcher).</summary>
    public double TokenStorePollSeconds { get; set; } = 30;
}
