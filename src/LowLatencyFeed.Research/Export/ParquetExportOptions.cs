using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Research.Export;

/// <summary>What <c>llfeed journal export --format parquet</c> reads and how it builds the derived tables.</summary>
public sealed class ParquetExportOptions
{
    /// <summary>Default rows per row group: 64 Ki, in the 64–128 Ki range that Parquet readers (DuckDB, Arrow, Spark) scan well.</summary>
    public const int DefaultRowGroupRows = 65_536;

    public required string JournalDirectory { get; init; }

    /// <summary>Output directory: one folder per table, one file per UTC day.</summary>
    public required string OutDirectory { get; init; }

    /// <summary>Earliest event time, Unix ns; null: from the start.</summary>
    public long? FromTimeNs { get; init; }

    /// <summary>Event time bound, exclusive, Unix ns; null: to the end.</summary>
    public long? ToTimeNs { get; init; }

    /// <summary>Instruments exported; null or empty: all.</summary>
    public IReadOnlyCollection<InstrumentId>? Instruments { get; init; }

    /// <summary>Rows per row group (and per column buffer): memory is this × the columns × two open days per table.</summary>
    public int RowGroupRows { get; init; } = DefaultRowGroupRows;

    /// <summary>Bar settings (the live run's, for its bars).</summary>
    public BarOptions Bars { get; init; } = new();

    /// <summary>Book settings (the live run's, for its metrics; the imbalance windows name the columns).</summary>
    public BookOptions Books { get; init; } = new();

    /// <summary>Indicators exported (the live run's, seeded from the journal's start as replay does); null: no indicator table.</summary>
    public IndicatorOptions? Indicators { get; init; }
}
