namespace LowLatencyFeed.Storage.Backfill;

/// <summary>A row of <c>llfeed.backfill_progress</c>: <see cref="From"/> .. <see cref="DoneThrough"/> (exclusive) is written.</summary>
/// <param name="From">Start of the range the job asked for (or the earlier job it continues).</param>
/// <param name="To">End of that range (exclusive).</param>
/// <param name="DoneThrough">Everything before this instant was fetched and committed.</param>
/// <param name="BarsWritten">Bars inserted or replaced so far.</param>
/// <param name="CandlesRejected">Candles refused (high below low, negative volume) so far.</param>
public sealed record BackfillProgress(DateTimeOffset From, DateTimeOffset To, DateTimeOffset DoneThrough, long BarsWritten, long CandlesRejected)
{
    /// <summary>Where a job over <paramref name="from"/> .. <paramref name="to"/> starts: after what this row covers, when it covers <paramref name="from"/>.</summary>
    public DateTimeOffset ResumePoint(DateTimeOffset from, DateTimeOffset to) =>
        From <= from && DoneThrough > from ? (DoneThrough < to ? DoneThrough : to) : from;
}
