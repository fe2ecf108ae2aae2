using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>
/// The journal's ring consumer: appends every event under its ring sequence (equal to the journal sequence, since the
/// ring starts at <see cref="JournalWriter.LastSequence"/> + 1), closes aged blocks at the end of each batch and on
/// timeouts, and flushes and fsyncs on shutdown. The writer stays owned by the caller (dispose it after the pipeline).
/// </summary>
public sealed class JournalWriterHandler : IEventHandler<MarketEvent>
{
    private readonly JournalWriter _writer;

    /// <summary>Wraps <paramref name="writer"/>.</summary>
    public JournalWriterHandler(JournalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>The wrapped writer (its <see cref="JournalWriter.LastSequence"/> and statistics).</summary>
    public JournalWriter Writer => _writer;

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
    {
        _writer.Append(in data, sequence);
        if (endOfBatch)
        {
            _writer.Poll();
        }
    }

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence)
    {
    }

    /// <inheritdoc />
    public void OnTimeout(long sequence) => _writer.Poll();

    /// <inheritdoc />
    public void OnShutdown() => _writer.Flush(toDisk: true);
}
