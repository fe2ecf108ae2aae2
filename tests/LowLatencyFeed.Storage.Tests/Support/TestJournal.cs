using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Storage.CatchUp;

namespace LowLatencyFeed.Storage.Tests.Support;

/// <summary>
/// A real journal in a temp directory plus a synchronous stand-in for the ring: each event gets the next sequence,
/// is appended to the journal, then handed to the consumers (the order the ring's dependency graph enforces).
/// </summary>
internal sealed class TestJournal : IDisposable
{
    private readonly bool _ownsDirectory;
    private JournalWriter _writer;

    public TestJournal(string? directory = null)
    {
        _ownsDirectory = directory is null;
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "llfeed-journal-" + Guid.NewGuid().ToString("N")[..12]);
        _writer = OpenWriter();
        Source = new JournalSource(Directory, () => _writer.LastWrittenSequence);
    }

    public string Directory { get; }

    public JournalSource Source { get; }

    /// <summary>The next sequence to be published (journal's last + 1).</summary>
    public long NextSequence => _writer.LastSequence + 1;

    public long LastSequence => _writer.LastSequence;

    /// <summary>Publishes one event: journal first, then each consumer.</summary>
    public long Publish(MarketEvent e, params IEventHandler<MarketEvent>[] consumers)
    {
        long seq = _writer.LastSequence + 1;
        e.Header.Sequence = seq;
        if (!_writer.Append(in e))
        {
            throw new InvalidOperationException($"Journal refused sequence {seq}.");
        }

        foreach (IEventHandler<MarketEvent> consumer in consumers)
        {
            consumer.OnEvent(ref e, seq, endOfBatch: false);
        }

        return seq;
    }

    /// <summary>Ends a ring batch: consumers' batch end, journal block flush.</summary>
    public void EndBatch(params IEventHandler<MarketEvent>[] consumers)
    {
        _writer.Flush(toDisk: false);
        foreach (IEventHandler<MarketEvent> consumer in consumers)
        {
            consumer.OnBatchEnd(_writer.LastSequence);
        }
    }

    /// <summary>Simulates a process restart: the writer is closed and reopened (recovery runs).</summary>
    public void Reopen()
    {
        _writer.Dispose();
        _writer = OpenWriter();
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (_ownsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private JournalWriter OpenWriter() => JournalWriter.Open(new JournalWriterOptions
    {
        Directory = Directory,
        Durability = JournalDurability.FlushPerBlock,
        MaxBlockLatency = TimeSpan.FromMilliseconds(1),
    });
}
