namespace LowLatencyFeed.Host.Configuration;

/// <summary>The HTTP API (<c>Api</c> section). Limits are documented in the README's API section.</summary>
public sealed class ApiOptions
{
    /// <summary>Serve <c>/api</c> and <c>/openapi</c> on this address instead of the metrics listener; null keeps one listener.</summary>
    public string? Url { get; set; }

    /// <summary>Widest <c>from</c>..<c>to</c> range for ticks, trades and book metrics.</summary>
    public double MaxRawRangeHours { get; set; } = 24;

    /// <summary>Widest range for bars and signals.</summary>
    public double MaxBarRangeDays { get; set; } = 366;

    /// <summary>Rows returned when <c>limit</c> is absent.</summary>
    public int DefaultLimit { get; set; } = 1000;

    /// <summary>
    /// API keys: <c>read</c> keys read, <c>operate</c> keys also start/stop feeds. Use <c>${NAME}</c> placeholders
    /// (environment or secrets file), never the value. Operate endpoints always need a key.
    /// </summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>Read endpoints need a key too (default false: open, for a loopback listener).</summary>
    public bool RequireKeyForRead { get; set; }

    /// <summary>The live stream (<c>/api/stream</c>).</summary>
    public Streaming.StreamOptions Stream { get; set; } = new();

    /// <summary>Per-key rate limit.</summary>
    public ApiRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Origins allowed to call the API from a browser.</summary>
    public ApiCorsOptions Cors { get; set; } = new();

    /// <summary>Largest request body accepted (413 above); requests are small JSON objects.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest total size of a request's headers (431 above).</summary>
    public int MaxRequestHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>Largest accepted <c>limit</c>.</summary>
    public int MaxLimit { get; set; } = 100_000;
}
