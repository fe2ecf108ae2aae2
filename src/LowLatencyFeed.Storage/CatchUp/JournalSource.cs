using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Storage.CatchUp;

/// <summary>Where catch-up reads the journal: its directory and how far it is readable right now.</summary>
public sealed class JournalSource
{
    private readonly Func<long> _readableEnd;

    /// <summary>Creates a source.</summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="readableEnd">
    /// The last sequence on disk, readable by a cursor: live, <c>() =&gt; journalWriter.LastWrittenSequence</c>;
    /// offline (a closed journal), its last sequence.
    /// </param>
    public JournalSource(string directory, Func<long> readableEnd)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(readableEnd);
        Directory = directory;
        _readableEnd = readableEnd;
    }

    /// <summary>The journal directory.</summary>
    public string Directory { get; }

    /// <summary>The last sequence a cursor can read now.</summary>
    public long ReadableEnd => _readableEnd();

    /// <summary>A cursor over [<paramref name="from"/>, <paramref name="to"/>], slab levels written into <paramref name="slabs"/> (null: the cursor's own).</summary>
    public JournalCursor Open(long from, long to, DepthSlabPool? slabs = null) =>
        JournalReader.Open(Directory, new JournalReaderOptions { DepthSlabs = slabs })
            .Read(new JournalQuery { FromSequence = from, ToSequence = to });

    /// <summary>A cursor over events at or after <paramref name="unixNs"/> (event time).</summary>
    public JournalCursor OpenFromTime(long unixNs) =>
        JournalReader.Open(Directory).Read(new JournalQuery { FromTimeNs = unixNs });
}
