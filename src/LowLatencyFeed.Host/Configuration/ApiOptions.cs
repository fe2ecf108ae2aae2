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

    /// <summary>Largest accepted <c>limit</c>.</summary>
    public int MaxLimit { get; set; } = 100_000;
}
