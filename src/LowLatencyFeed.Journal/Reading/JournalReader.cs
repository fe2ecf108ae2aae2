using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Reading;

/// <summary>
/// Entry point for reading a journal from a backtest or a tool: lists the directory's segments and opens cursors
/// over them. Safe to use while a writer appends (a cursor sees what was on disk when it reached each segment).
/// </summary>
/// <example>
/// <code>
/// var reader = JournalReader.Open("/data/journal");
/// using JournalCursor cursor = reader.Read(new JournalQuery { FromTimeNs = from, Instruments = ids });
/// foreach (ref readonly MarketEvent e in cursor) { /* no allocation per event */ }
/// </code>
/// </example>
public sealed class JournalReader
{
    private readonly JournalReaderOptions _options;

    private JournalReader(string directory, List<SegmentRef> segments, JournalReaderOptions options)
    {
        Directory = directory;
        Segments = segments;
        _options = options;
    }

    /// <summary>The journal directory.</summary>
    public string Directory { get; }

    /// <summary>The segments found when the reader was opened, oldest first.</summary>
    public IReadOnlyList<SegmentRef> Segments { get; }

    /// <summary>Opens the journal in <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static JournalReader Open(string directory, JournalReaderOptions? options = null)
    {
        string full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Journal directory {full} does not exist.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            ThrowHelper.ThrowBigEndian();
        }

        return new JournalReader(full, JournalDirectory.ListSegments(full), options ?? new JournalReaderOptions());
    }

    /// <summary>A cursor over the events matching <paramref name="query"/> (everything when null), in sequence order.</summary>
    public JournalCursor Read(JournalQuery? query = null) => new(Segments, query ?? JournalQuery.All, _options);

    /// <summary>
    /// The events matching <paramref name="query"/> split by instrument into <paramref name="partitionCount"/> cursors, one
    /// per partition, each to be consumed on its own thread, fed by one thread that reads and decompresses each block
    /// once (<see cref="SharedBlockReader"/>). Cursor i yields what a cursor of its own with
    /// <see cref="JournalQuery.PartitionCount"/> = <paramref name="partitionCount"/> and <see cref="JournalQuery.PartitionIndex"/>
    /// = i would (the query's own partition fields are ignored). A slab pool belongs to one thread, so the reader's
    /// <see cref="JournalReaderOptions.DepthSlabs"/> is not used: pass one pool per partition in
    /// <paramref name="depthSlabs"/> (null: each cursor keeps a private one-slab pool).
    /// </summary>
    public SharedBlockReader ReadPartitioned(JournalQuery? query, int partitionCount, IReadOnlyList<DepthSlabPool>? depthSlabs = null)
        => new(Segments, query ?? JournalQuery.All, partitionCount, _options, depthSlabs);

    /// <summary>A cursor from sequence <paramref name="sequence"/> on.</summary>
    public JournalCursor ReadFromSequence(long sequence) => Read(new JournalQuery { FromSequence = sequence });

    /// <summary>A cursor over events whose event time is at or after <paramref name="unixNs"/>.</summary>
    public JournalCursor ReadFromTime(long unixNs) => Read(new JournalQuery { FromTimeNs = unixNs });
}
