using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Storage.Diagnostics;

namespace LowLatencyFeed.Host.Api;

/// <summary>Builds <c>GET /api/status</c> from the engine's live counters (cold path).</summary>
public static class StatusReport
{
    /// <summary>A snapshot of <paramref name="engine"/>; <paramref name="databaseDescription"/> names the database chosen.</summary>
    public static StatusView From(FeedEngine engine, string databaseDescription, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(engine);
        int connected = 0;
        foreach (IFeedRunner feed in engine.Feeds)
        {
            connected += feed.IsConnected ? 1 : 0;
        }

        var stages = new List<StageStatus>();
        foreach (StageInfo stage in engine.Stages)
        {
            string ring = stage.Name.StartsWith("derived-", StringComparison.Ordinal) ? "derived" : "ingress";
            stages.Add(new StageStatus(stage.Name, ring, stage.Lag(), stage.Processor.EventCount, stage.IsStandIn));
        }

        var tables = new List<TableStatus>();
        bool retrying = false;
        if (engine.Storage is { } storage)
        {
            foreach (StreamStatistics table in storage.Stats.Streams)
            {
                retrying |= table.State == StreamState.Retrying;
                tables.Add(new TableStatus(table.Name, table.State.ToString(), table.Checkpoint, table.LiveRows + table.CatchUpRows, table.Failures, table.DroppedRows));
            }
        }

        var database = new DatabaseStatus(engine.Storage is null ? "journal-only" : "database", databaseDescription, engine.Storage?.Stats.LastError, tables);
        var journal = engine.Journal;
        var journalStatus = new JournalStatus(
            journal.LastSequence, journal.LastWrittenSequence, journal.LastDurableSequence, journal.Statistics.EventsWritten,
            journal.Statistics.StoredBytes, journal.Statistics.CompressionRatio, journal.Statistics.WriteErrors);
        string? halt = engine.Pipeline.HaltReason;
        bool healthy = halt is null && connected == engine.Feeds.Count && !retrying;
        return new StatusView(
            healthy ? "ok" : "degraded",
            now,
            new EngineStatus(engine.Ring.Cursor, engine.DerivedRing.Cursor, engine.Feeds.Count, connected, halt),
            stages,
            database,
            journalStatus,
            new StreamStatus(engine.Stream.ClientCount, engine.Stream.SlowDisconnects));
    }
}
