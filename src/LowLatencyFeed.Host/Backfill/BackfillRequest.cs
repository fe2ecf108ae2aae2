using LowLatencyFeed.Brokers.History;

namespace LowLatencyFeed.Host.Backfill;

/// <summary>One backfill: an instrument's candles of one timeframe over <see cref="From"/> .. <see cref="To"/> (exclusive).</summary>
/// <param name="Instrument">How the broker names it, and its scales.</param>
/// <param name="InstrumentId">The engine's instrument id.</param>
/// <param name="TimeframeSeconds">Bar length.</param>
/// <param name="From">First candle start wanted.</param>
/// <param name="To">End (exclusive); clipped to now.</param>
/// <param name="RecordProgress">
/// Keep the job's resume point in <c>llfeed.backfill_progress</c> (a range job); false for a gap repair, which neither
/// resumes nor moves the range job's row.
/// </param>
public sealed record BackfillRequest(HistoryInstrument Instrument, long InstrumentId, int TimeframeSeconds, DateTimeOffset From, DateTimeOffset To, bool RecordProgress = true);
