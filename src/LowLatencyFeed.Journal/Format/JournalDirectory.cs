namespace LowLatencyFeed.Journal.Format;

/// <summary>Lists the segments of a journal directory in ordinal order.</summary>
public static class JournalDirectory
{
    /// <summary>The segments in <paramref name="directory"/>, oldest first. Empty when the directory does not exist.</summary>
    public static List<SegmentRef> ListSegments(string directory)
    {
        var segments = new List<SegmentRef>();
        if (!Directory.Exists(directory))
        {
            return segments;
        }

        foreach (string path in Directory.EnumerateFiles(directory, JournalFormat.FilePrefix + "*" + JournalFormat.SegmentExtension))
        {
            if (JournalFormat.TryParseSegmentOrdinal(Path.GetFileName(path), out long ordinal))
            {
                segments.Add(new SegmentRef(ordinal, Path.GetFullPath(path)));
            }
        }

        segments.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
        return segments;
    }

    /// <summary>Path of segment <paramref name="ordinal"/> in <paramref name="directory"/>.</summary>
    public static string SegmentPath(string directory, long ordinal) => Path.Combine(Path.GetFullPath(directory), JournalFormat.SegmentFileName(ordinal));
}
