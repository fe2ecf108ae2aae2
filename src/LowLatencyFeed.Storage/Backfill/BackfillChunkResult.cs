namespace LowLatencyFeed.Storage.Backfill;

/// <summary>What writing one chunk of candles did.</summary>
/// <param name="Inserted">Intervals that had no bar.</param>
/// <param name="Replaced">Incomplete live bars (gap-affected or partial) replaced by the broker's bar.</param>
/// <param name="Kept">Candles not written because a complete live bar or an earlier backfill holds the interval.</param>
public readonly record struct BackfillChunkResult(int Inserted, int Replaced, int Kept);
