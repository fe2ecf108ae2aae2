namespace LowLatencyFeed.Journal.Reading;

/// <summary>One problem found while reading or verifying a journal: what, in which file, at which byte offset.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="FilePath">The file concerned.</param>
/// <param name="Offset">Byte offset in the file, -1 for the file as a whole.</param>
/// <param name="Message">A sentence for operators.</param>
public sealed record JournalIssue(JournalIssueKind Kind, string FilePath, long Offset, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Offset >= 0 ? $"{FilePath} at offset {Offset}: {Message}" : $"{FilePath}: {Message}";
}
