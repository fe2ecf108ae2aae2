namespace LowLatencyFeed.Journal.Retention;

/// <summary>What one retention pass deleted.</summary>
/// <param name="DeletedSegments">Paths of the deleted segment files, oldest first.</param>
/// <param name="BytesFreed">Bytes of the deleted segments and their indexes.</param>
/// <param name="RemainingBytes">Bytes of the journal after the pass.</param>
public sealed record RetentionResult(IReadOnlyList<string> DeletedSegments, long BytesFreed, long RemainingBytes);
