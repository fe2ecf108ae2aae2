namespace LowLatencyFeed.Transport.Binance;

/// <summary>How <see cref="BinanceSnapshotFetcher"/> fetches and retries.</summary>
public sealed record BinanceSnapshotFetcherOptions
{
    /// <summary>
    /// Levels per side requested (<c>limit</c>); capped by each handoff's snapshot capacity. Default 1000 (request
    /// weight 50 against Binance's 6000 per minute; 5000 costs 250).
    /// </summary>
    public int Limit { get; init; } = 1000;

    /// <summary>
    /// Delay before a refetch after a snapshot was too old, and the first retry delay after a failure; doubles per
    /// attempt. Default 250 ms: the REST cache usually catches up with the stream within that.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest retry delay. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);
}
