using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Staging;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Storage.CatchUp;

/// <summary>Used when the host gave no <see cref="DerivedEngineFactory"/>: derived gaps cannot be rebuilt and are skipped, with a warning.</summary>
internal sealed class NoDerivedCatchUpSource : ICatchUpSource<DerivedEvent>
{
    private readonly JournalSource _journal;
    private readonly ILogger _logger;
    private readonly string _stream;

    public NoDerivedCatchUpSource(JournalSource journal, StorageStream stream, ILogger logger)
    {
        _journal = journal;
        _logger = logger;
        _stream = StorageStreams.TableName(stream);
    }

    public long ReadableEnd => _journal.ReadableEnd;

    public long Read(long from, long to, RowBatch<DerivedEvent> batch, Action<RowBatch<DerivedEvent>> flush, CancellationToken cancellation)
    {
        _logger.LogWarning(
            "{Stream} rows of journal sequences {From}..{To} cannot be rebuilt: no processing engines were given to the storage stage.",
            _stream, from, to);
        batch.LastSequence = to;
        flush(batch);
        return 0;
    }
}
