using LowLatencyFeed.Storage.Connection;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Diagnostics;

/// <summary>Counters of the whole storage stage: one <see cref="StreamStatistics"/> per table, plus the last error.</summary>
public sealed class IngestionStats
{
    private readonly StreamStatistics[] _streams;
    private string? _lastError;
    private int _lastErrorKind;

    /// <summary>Creates zeroed counters.</summary>
    public IngestionStats()
    {
        _streams = new StreamStatistics[StorageStreams.Count];
        for (int i = 0; i < _streams.Length; i++)
        {
            _streams[i] = new StreamStatistics(StorageStreams.TableName((StorageStream)i));
        }
    }

    /// <summary>The counters of <paramref name="stream"/>.</summary>
    public StreamStatistics this[StorageStream stream] => _streams[(int)stream];

    /// <summary>All streams, in <see cref="StorageStream"/> order.</summary>
    public IReadOnlyList<StreamStatistics> Streams => _streams;

    /// <summary>The most recent database error message (null when none yet).</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>The kind of <see cref="LastError"/>.</summary>
    public DatabaseErrorKind LastErrorKind => (DatabaseErrorKind)Volatile.Read(ref _lastErrorKind);

    /// <summary>Failures of every stream by kind.</summary>
    public long Errors(DatabaseErrorKind kind)
    {
        long total = 0;
        foreach (StreamStatistics s in _streams)
        {
            total += kind switch
            {
                DatabaseErrorKind.WrongPassword => s.WrongPasswordErrors,
                DatabaseErrorKind.MissingDatabase => s.MissingDatabaseErrors,
                DatabaseErrorKind.ServerUnreachable => s.ServerUnreachableErrors,
                DatabaseErrorKind.NewerSchema => s.NewerSchemaErrors,
                _ => s.OtherErrors,
            };
        }

        return total;
    }

    internal void RecordError(StorageStream stream, DatabaseException error)
    {
        this[stream].Failed(error.Kind);
        Volatile.Write(ref _lastError, error.Message);
        Volatile.Write(ref _lastErrorKind, (int)error.Kind);
    }
}
