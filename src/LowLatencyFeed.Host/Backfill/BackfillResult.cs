namespace LowLatencyFeed.Host.Backfill;

/// <summary>What a backfill did.</summary>
public sealed class BackfillResult
{
    /// <summary>Where fetching started: the request's start, or the resume point an earlier run left.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>End of the range fetched (the request's end, clipped to now).</summary>
    public DateTimeOffset EndedAt { get; init; }

    /// <summary>Chunks fetched and committed.</summary>
    public int Chunks { get; set; }

    /// <summary>Valid candles received.</summary>
    public long Candles { get; set; }

    /// <summary>Bars written into empty intervals.</summary>
    public long Inserted { get; set; }

    /// <summary>Incomplete live bars replaced.</summary>
    public long Replaced { get; set; }

    /// <summary>Candles not written: a complete live bar or an earlier backfill holds the interval.</summary>
    public long Kept { get; set; }

    /// <summary>Candles rejected (high below low, negative volume, malformed).</summary>
    public long Rejected { get; set; }

    /// <summary>HTTP 429 answers waited out.</summary>
    public long RateLimited { get; set; }

    /// <summary>Requests sent (retries included).</summary>
    public long Requests { get; set; }

    /// <summary>The earliest candle received; null when the broker had none in the range.</summary>
    public DateTimeOffset? FirstCandle { get; set; }

    /// <summary>One line for people.</summary>
    public override string ToString() =>
        $"{StartedAt:yyyy-MM-dd HH:mm} .. {EndedAt:yyyy-MM-dd HH:mm} UTC: {Chunks} chunks, {Requests} requests ({RateLimited} rate limited), " +
        $"{Candles} candles: {Inserted} inserted, {Replaced} replaced incomplete live bars, {Kept} kept as stored, {Rejected} rejected";
}
