namespace LowLatencyFeed.Client.Models;

/// <summary><c>GET /api/status</c>.</summary>
public sealed record HostStatus(string Status, DateTimeOffset Time, EngineStatus Engine, List<StageStatus> Stages, DatabaseStatus Database, JournalStatus Journal, StreamStatus Stream);

/// <summary>The engine: ring cursors, feeds, halt reason.</summary>
public sealed record EngineStatus(long Sequence, long DerivedSequence, int Feeds, int FeedsConnected, string? HaltReason);

/// <summary>A consumer stage and its lag.</summary>
public sealed record StageStatus(string Name, string Ring, long Lag, long Events, bool StandIn);

/// <summary>The database and its tables.</summary>
public sealed record DatabaseStatus(string Mode, string Description, string? LastError, List<TableStatus> Tables);

/// <summary>One table writer.</summary>
public sealed record TableStatus(string Name, string State, long Checkpoint, long Rows, long Failures);

/// <summary>The journal's positions and totals.</summary>
public sealed record JournalStatus(long LastSequence, long LastWrittenSequence, long LastDurableSequence, long EventsWritten, long StoredBytes, double CompressionRatio, long WriteErrors);

/// <summary>The live stream.</summary>
public sealed record StreamStatus(int Clients, long SlowDisconnects);
