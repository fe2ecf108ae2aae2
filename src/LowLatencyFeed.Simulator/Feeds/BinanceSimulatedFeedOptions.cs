namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>Binance-specific settings of the simulated feed: book shape and update-id gap faults.</summary>
public sealed record BinanceSimulatedFeedOptions
{
    /// <summary>Levels per side the simulated books start with and hover around. Default 20.</summary>
    public int LevelsPerSide { get; init; } = 20;

    /// <summary>Most level changes per depth diff (each consumes one update id). Default 4.</summary>
    public int MaxChangesPerDiff { get; init; } = 4;

    /// <summary>Seed of the book generator (books are shared by all connections of the server). Default 7.</summary>
    public long Seed { get; init; } = 7;

    /// <summary>First update id of every book. Default 1,000,000.</summary>
    public long FirstUpdateId { get; init; } = 1_000_000;

    /// <summary>
    /// Fault: every Nth depth diff of a connection is not sent, so the client sees its update-id range skipped
    /// (<c>U != previous u + 1</c>) and must resync. 0 (the default) never.
    /// </summary>
    public int GapEveryDiffs { get; init; }

    /// <summary>Most gaps injected per connection; 0 (the default) is unlimited.</summary>
    public int MaxGaps { get; init; }

    /// <summary>Diffs kept per symbol so slower connections can replay what a faster one generated. Default 4096.</summary>
    public int HistoryDiffs { get; init; } = 4096;

    /// <summary>Throws when a value cannot work.</summary>
    public void Validate()
    {
        if (LevelsPerSide < 1 || MaxChangesPerDiff < 1 || HistoryDiffs < 1 || GapEveryDiffs < 0 || MaxGaps < 0 || FirstUpdateId < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LevelsPerSide), "BinanceSimulatedFeedOptions: sizes must be positive, fault counts non-negative.");
        }
    }
}
