namespace LowLatencyFeed.Host.Api.Models;

/// <summary><c>GET /api/status</c>: the engine, every stage with its lag, the database and the journal.</summary>
/// <param name="Status"><c>ok</c>, or <c>degraded</c> when a feed is not connected, the pipeline halted or a table is retrying.</param>
/// <param name="Time">When the report was taken (UTC).</param>
/// <param name="Engine">Ring position, feeds, halt reason.</param>
/// <param name="Stages">Consumer stages in graph order (ingress ring, then derived ring).</param>
/// <param name="Database">Where rows go and how far each table has committed.</param>
/// <param name="Journal">Journal positions and totals.</param>
/// <param name="Stream">Live stream clients.</param>
public sealed record StatusView(string Status, DateTimeOffset Time, EngineStatus Engine, List<StageStatus> Stages, DatabaseStatus Database, JournalStatus Journal, StreamStatus Stream);

/// <summary>The engine.</summary>
/// <param name="Sequence">Ingress ring cursor (= last journal sequence published).</param>
/// <param name="DerivedSequence">Derived ring cursor.</param>
/// <param name="Feeds">Feeds configured.</param>
/// <param name="FeedsConnected">Feeds connected now.</param>
/// <param name="HaltReason">Why the pipeline halted, if it did.</param>
public sealed record EngineStatus(long Sequence, long DerivedSequence, int Feeds, int FeedsConnected, string? HaltReason);

/// <summary>One consumer stage.</summary>
/// <param name="Name">Consumer name.</param>
/// <param name="Ring"><c>ingress</c> or <c>derived</c>.</param>
/// <param name="Lag">Events published to its ring that it has not finished.</param>
/// <param name="Events">Events it has finished.</param>
/// <param name="StandIn">Whether it only counts (its capability is not wired, e.g. no database).</param>
public sealed record StageStatus(string Name, string Ring, long Lag, long Events, bool StandIn);

/// <summary>The database.</summary>
/// <param name="Mode"><c>database</c> or <c>journal-only</c>.</param>
/// <param name="Description">Which database was chosen (no credentials).</param>
/// <param name="LastError">The last database error, if any.</param>
/// <param name="Tables">Per table: state and committed checkpoint.</param>
public sealed record DatabaseStatus(string Mode, string Description, string? LastError, List<TableStatus> Tables);

/// <summary>One table's writer.</summary>
/// <param name="Name">Table stream name.</param>
/// <param name="State"><c>Live</c>, <c>CatchingUp</c>, <c>Retrying</c> or <c>Stopped</c>.</param>
/// <param name="Checkpoint">Journal sequence committed with the last batch.</param>
/// <param name="Rows">Rows committed (live and catch-up).</param>
/// <param name="Failures">Failed batches.</param>
/// <param name="DeferredRows">Live rows handed to journal catch-up because the writer was behind or the database down.</param>
public sealed record TableStatus(string Name, string State, long Checkpoint, long Rows, long Failures, long DeferredRows);

/// <summary>The journal.</summary>
/// <param name="LastSequence">Last sequence handed to the writer.</param>
/// <param name="LastWrittenSequence">Last sequence in a written block (readable by replays).</param>
/// <param name="LastDurableSequence">Last sequence fsynced.</param>
/// <param name="EventsWritten">Events written by this run.</param>
/// <param name="StoredBytes">Compressed bytes written by this run.</param>
/// <param name="CompressionRatio">Raw over stored bytes.</param>
/// <param name="WriteErrors">Write errors.</param>
public sealed record JournalStatus(long LastSequence, long LastWrittenSequence, long LastDurableSequence, long EventsWritten, long StoredBytes, double CompressionRatio, long WriteErrors);

/// <summary>The live stream.</summary>
/// <param name="Clients">Connected clients.</param>
/// <param name="SlowDisconnects">Clients disconnected for staying behind.</param>
public sealed record StreamStatus(int Clients, long SlowDisconnects);
