using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Replay;

/// <summary>What a replay did.</summary>
public sealed class ReplayResult
{
    /// <summary>Events handed to the consumers.</summary>
    public long Events { get; init; }

    /// <summary>Sequence of the last event replayed, -1 when none.</summary>
    public long LastSequence { get; init; } = -1;

    /// <summary>Bars published (every row of the bars file).</summary>
    public long Bars { get; init; }

    /// <summary>Book metric samples published.</summary>
    public long MetricsSamples { get; init; }

    /// <summary>Signals published.</summary>
    public long Signals { get; init; }

    /// <summary>Indicator values published.</summary>
    public long Indicators { get; init; }

    /// <summary>Journal problems met (the first 10,000).</summary>
    public IReadOnlyList<JournalIssue> Issues { get; init; } = Array.Empty<JournalIssue>();

    /// <summary>Number of journal problems met.</summary>
    public long IssueCount { get; init; }

    /// <summary>Whether the replay stopped early because it was cancelled.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Wall time of the replay.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Events per second of wall time.</summary>
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Events / Elapsed.TotalSeconds : 0;

    /// <summary>Exit code for the CLI: 0, or 1 when journal problems were met.</summary>
    public int ExitCode => IssueCount == 0 ? 0 : 1;
}
