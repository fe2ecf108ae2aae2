namespace LowLatencyFeed.Journal.Format;

/// <summary>A segment file found in a journal directory.</summary>
/// <param name="Ordinal">The segment number from the file name.</param>
/// <param name="Path">Full path of the segment file.</param>
public readonly record struct SegmentRef(long Ordinal, string Path)
{
    /// <summary>Full path of the segment's index file.</summary>
    public string IndexPath => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, JournalFormat.IndexFileName(Ordinal));
}
