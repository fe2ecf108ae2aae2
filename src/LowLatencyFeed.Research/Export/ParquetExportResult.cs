namespace LowLatencyFeed.Research.Export;

/// <summary>What an export wrote.</summary>
public sealed class ParquetExportResult
{
    /// <summary>Rows written per table (<c>ticks</c>, <c>trades</c>, <c>quotes</c>, <c>depth</c>, <c>bars</c>, <c>book_metrics</c>, <c>indicators</c>).</summary>
    public required IReadOnlyDictionary<string, long> Rows { get; init; }

    /// <summary>Every file written.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Rows skipped because a price or quantity had more decimals than the column's scale (ExportScales).</summary>
    public long UnrepresentableRows { get; init; }

    /// <summary>Journal problems met (damaged blocks are skipped, as replay does).</summary>
    public long JournalIssues { get; init; }
}
