using LowLatencyFeed.Storage.Diagnostics;

namespace LowLatencyFeed.Storage.Tests.Support;

/// <summary>Counters as text, for failure messages.</summary>
internal static class StatsText
{
    public static string Of(IngestionStats stats) => string.Join(
        "; ",
        stats.Streams.Select(s => $"{s.Name}: state {s.State} cp {s.Checkpoint} staged {s.StagedRows} dropped {s.DroppedRows} live {s.LiveRows} catch-ups {s.CatchUps} catch-up rows {s.CatchUpRows} failures {s.Failures}")) +
        $"; last error: {stats.LastError}";
}
