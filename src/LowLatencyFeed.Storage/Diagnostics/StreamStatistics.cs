using LowLatencyFeed.Storage.Connection;

namespace LowLatencyFeed.Storage.Diagnostics;

/// <summary>Counters of one storage stream. Written by its stager and writer threads, readable from any thread.</summary>
public sealed class StreamStatistics
{
    private long _stagedRows;
    private long _droppedRows;
    private long _droppedBatches;
    private long _liveRows;
    private long _liveBatches;
    private long _overlappedBatches;
    private long _catchUpRows;
    private long _catchUpBatches;
    private long _catchUps;
    private long _catchUpEvents;
    private long _checkpoint = -1;
    private long _failures;
    private long _wrongPassword;
    private long _missingDatabase;
    private long _serverUnreachable;
    private long _newerSchema;
    private long _otherErrors;
    private long _commitMicros;
    private int _state;

    internal StreamStatistics(string name) => Name = name;

    /// <summary>Stream (table) name.</summary>
    public string Name { get; }

    /// <summary>Rows staged from the live ring.</summary>
    public long StagedRows => Volatile.Read(ref _stagedRows);

    /// <summary>Live rows discarded because the writer was behind or the database down (they are caught up from the journal).</summary>
    public long DroppedRows => Volatile.Read(ref _droppedRows);

    /// <summary>Live batches discarded.</summary>
    public long DroppedBatches => Volatile.Read(ref _droppedBatches);

    /// <summary>Rows committed from live batches.</summary>
    public long LiveRows => Volatile.Read(ref _liveRows);

    /// <summary>Live batches committed.</summary>
    public long LiveBatches => Volatile.Read(ref _liveBatches);

    /// <summary>Live batches whose COPY ran on the second session while the batch before them was written.</summary>
    public long OverlappedBatches => Volatile.Read(ref _overlappedBatches);

    /// <summary>Rows committed from the journal during catch-up.</summary>
    public long CatchUpRows => Volatile.Read(ref _catchUpRows);

    /// <summary>Catch-up batches committed.</summary>
    public long CatchUpBatches => Volatile.Read(ref _catchUpBatches);

    /// <summary>Catch-up runs started (gaps found).</summary>
    public long CatchUps => Volatile.Read(ref _catchUps);

    /// <summary>Journal events read by catch-up.</summary>
    public long CatchUpEvents => Volatile.Read(ref _catchUpEvents);

    /// <summary>Committed checkpoint (last journal sequence whose rows are all stored), -1 before the first.</summary>
    public long Checkpoint => Volatile.Read(ref _checkpoint);

    /// <summary>Failed attempts (any cause).</summary>
    public long Failures => Volatile.Read(ref _failures);

    /// <summary>Failures by <see cref="DatabaseErrorKind.WrongPassword"/>.</summary>
    public long WrongPasswordErrors => Volatile.Read(ref _wrongPassword);

    /// <summary>Failures by <see cref="DatabaseErrorKind.MissingDatabase"/>.</summary>
    public long MissingDatabaseErrors => Volatile.Read(ref _missingDatabase);

    /// <summary>Failures by <see cref="DatabaseErrorKind.ServerUnreachable"/>.</summary>
    public long ServerUnreachableErrors => Volatile.Read(ref _serverUnreachable);

    /// <summary>Failures by <see cref="DatabaseErrorKind.NewerSchema"/>.</summary>
    public long NewerSchemaErrors => Volatile.Read(ref _newerSchema);

    /// <summary>Other failures.</summary>
    public long OtherErrors => Volatile.Read(ref _otherErrors);

    /// <summary>Total time spent in committed transactions, microseconds.</summary>
    public long CommitMicroseconds => Volatile.Read(ref _commitMicros);

    /// <summary>What the writer is doing.</summary>
    public StreamState State => (StreamState)Volatile.Read(ref _state);

    internal void Staged(int rows) => _stagedRows += rows;

    internal void Dropped(int rows)
    {
        Volatile.Write(ref _droppedRows, _droppedRows + rows);
        Volatile.Write(ref _droppedBatches, _droppedBatches + 1);
    }

    internal void Overlapped() => Interlocked.Increment(ref _overlappedBatches);

    internal void Committed(bool fromJournal, int rows, long checkpoint, long micros)
    {
        if (fromJournal)
        {
            Interlocked.Add(ref _catchUpRows, rows);
            Interlocked.Increment(ref _catchUpBatches);
        }
        else
        {
            Interlocked.Add(ref _liveRows, rows);
            Interlocked.Increment(ref _liveBatches);
        }

        Interlocked.Add(ref _commitMicros, micros);
        Volatile.Write(ref _checkpoint, checkpoint);
    }

    internal void SetCheckpoint(long checkpoint) => Volatile.Write(ref _checkpoint, checkpoint);

    internal void CatchUpStarted() => Interlocked.Increment(ref _catchUps);

    internal void CatchUpRead(long events) => Interlocked.Add(ref _catchUpEvents, events);

    internal void SetState(StreamState state) => Volatile.Write(ref _state, (int)state);

    internal void Failed(DatabaseErrorKind kind)
    {
        Interlocked.Increment(ref _failures);
        switch (kind)
        {
            case DatabaseErrorKind.WrongPassword:
                Interlocked.Increment(ref _wrongPassword);
                break;
            case DatabaseErrorKind.MissingDatabase:
                Interlocked.Increment(ref _missingDatabase);
                break;
            case DatabaseErrorKind.ServerUnreachable:
                Interlocked.Increment(ref _serverUnreachable);
                break;
            case DatabaseErrorKind.NewerSchema:
                Interlocked.Increment(ref _newerSchema);
                break;
            default:
                Interlocked.Increment(ref _otherErrors);
                break;
        }
    }
}
