namespace LowLatencyFeed.Journal;

/// <summary>A journal file that cannot be used as it is, named with the offset where the problem was found.</summary>
public sealed class JournalException : IOException
{
    /// <summary>Creates the exception.</summary>
    public JournalException(string filePath, long offset, string message, Exception? inner = null)
        : base(offset >= 0 ? $"{filePath} at offset {offset}: {message}" : $"{filePath}: {message}", inner)
    {
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>The file concerned.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset in <see cref="FilePath"/>, -1 when the problem is the file as a whole.</summary>
    public long Offset { get; }
}
