using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Research.Export;
using LowLatencyFeed.Research.Tests.Support;

namespace LowLatencyFeed.Research.Tests.Export;

/// <summary>
/// The Parquet files read back by DuckDB (an independent reader) give the values of a journal written by hand:
/// counts, exact decimal sums, types, times, one file per table and day, row groups of the configured size.
/// </summary>
public sealed class ParquetExportTests : IDisposable
{
    private static readonly InstrumentId s_kite = InstrumentId.From(FeedKind.Kite, 408065);
    private static readonly InstrumentId s_binance = InstrumentId.From(FeedKind.Binance, 7);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_table_reads_back_in_DuckDB_with_the_hand_known_values()
    {
        string journal = _temp.Sub("journal");
        string output = _temp.Sub("parquet");
        WriteJournal(journal);

        var result = ParquetExporter.Export(new ParquetExportOptions
        {
            JournalDirectory = journal,
            OutDirectory = output,
            RowGroupRows = 2,
            Bars = new BarOptions { Timeframes = [BarTimeframe.Minutes(1)] },
        });

        // Binance's 10-decimal trade does not fit DECIMAL(18, 8): skipped and counted, nothing else lost.
        Assert.Equal(1, result.UnrepresentableRows);
        Assert.Equal(4, result.Rows["trades"]);
        Assert.True(File.Exists(Path.Combine(output, "trades", "2025-03-03.parquet")));
        Assert.True(File.Exists(Path.Combine(output, "trades", "2025-03-04.parquet")));

        using var db = new DuckDb();
        string trades = Glob(output, "trades");
        Assert.Equal("4", db.Text($"SELECT count(*) FROM {trades}"));
        // 100.05 + 100.10 + 99.95 + 101.00, exactly.
        Assert.Equal("401.10000000", db.Text($"SELECT CAST(sum(price) AS VARCHAR) FROM {trades}"));
        Assert.Equal("100.00000000", db.Text($"SELECT CAST(sum(quantity) AS VARCHAR) FROM {trades}"));
        Assert.Equal("DECIMAL(18,8)", db.Text($"SELECT typeof(price) FROM {trades} LIMIT 1"));
        Assert.Equal("3", db.Text($"SELECT count(*) FROM '{Path.Combine(output, "trades", "2025-03-03.parquet")}'"));
        Assert.Equal("Kite:408065", db.Text($"SELECT min(instrument) FROM {trades}"));
        Assert.Equal(HandJournal.Utc(2025, 3, 3, 9, 0, 10).ToString(), db.Text($"SELECT min(time_ns) FROM {trades}"));
        Assert.Equal("2025-03-03 09:00:10", db.Text($"SELECT strftime(min(time), '%Y-%m-%d %H:%M:%S') FROM {trades}"));
        // Three rows with two per group: two row groups in the first day's file.
        Assert.Equal("2", db.Text($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{Path.Combine(output, "trades", "2025-03-03.parquet")}')"));

        string ticks = Glob(output, "ticks");
        Assert.Equal("1", db.Text($"SELECT count(*) FROM {ticks}"));
        Assert.Equal("100.08000000|1000.00000000|null", db.Text(
            $"SELECT CAST(last_price AS VARCHAR) || '|' || CAST(volume AS VARCHAR) || '|' || coalesce(CAST(average_price AS VARCHAR), 'null') FROM {ticks}"));

        string quotes = Glob(output, "quotes");
        Assert.Equal("100.00000000|5.00000000|100.10000000|7.00000000", db.Text(
            $"SELECT CAST(bid_price AS VARCHAR) || '|' || CAST(bid_quantity AS VARCHAR) || '|' || CAST(ask_price AS VARCHAR) || '|' || CAST(ask_quantity AS VARCHAR) FROM {quotes}"));

        string depth = Glob(output, "depth");
        Assert.Equal("4", db.Text($"SELECT count(*) FROM {depth}"));
        // 100.00 + 99.95 + 100.10 + 100.15; orders 1 + 2 + 1 + 3.
        Assert.Equal("400.20000000", db.Text($"SELECT CAST(sum(price) AS VARCHAR) FROM {depth}"));
        Assert.Equal("7", db.Text($"SELECT sum(orders) FROM {depth}"));
        Assert.Equal("99.95000000", db.Text($"SELECT CAST(price AS VARCHAR) FROM {depth} WHERE side = 0 AND level = 2"));

        // 1-minute bars: 09:00 (O 100.05 H 100.10 L 100.05 C 100.08, volume 10 + 20; the non-trade tick's first
        // cumulative volume only sets the baseline) and 09:01 (99.95 × 30), closed by the next day's trade.
        string bars = Glob(output, "bars");
        Assert.Equal("2", db.Text($"SELECT count(*) FROM {bars} WHERE instrument = 'Kite:408065'"));
        Assert.Equal("100.05000000|100.10000000|100.05000000|100.08000000|30.00000000", db.Text(
            $"SELECT CAST(open AS VARCHAR) || '|' || CAST(high AS VARCHAR) || '|' || CAST(low AS VARCHAR) || '|' || CAST(close AS VARCHAR) || '|' || CAST(volume AS VARCHAR) FROM {bars} WHERE time_ns = {HandJournal.Utc(2025, 3, 3, 9, 0, 0)}"));
        Assert.Equal("60.00000000", db.Text($"SELECT CAST(sum(volume) AS VARCHAR) FROM {bars}"));
        Assert.Equal("1m", db.Text($"SELECT min(timeframe) FROM {bars}"));

        // The depth snapshot's sample: best 100.00 / 100.10, spread 0.10, mid 100.05 exact.
        string metrics = Glob(output, "book_metrics");
        Assert.Equal("100.00000000|100.10000000|0.10000000|100.050000000", db.Text(
            $"SELECT CAST(best_bid AS VARCHAR) || '|' || CAST(best_ask AS VARCHAR) || '|' || CAST(spread AS VARCHAR) || '|' || CAST(mid AS VARCHAR) FROM {metrics} WHERE bid_levels = 2 AND ask_levels = 2"));
        // Level-1 imbalance (5 − 7) / (5 + 7); the whole book (13 − 16) / (13 + 16).
        Assert.Equal(-2.0 / 12, (double)db.Scalar($"SELECT imbalance_1 FROM {metrics} WHERE bid_levels = 2 AND ask_levels = 2")!, 15);
        Assert.Equal(-3.0 / 29, (double)db.Scalar($"SELECT imbalance_all FROM {metrics} WHERE bid_levels = 2 AND ask_levels = 2")!, 15);
    }

    [Fact]
    public void A_missing_journal_is_named()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => ParquetExporter.Export(new ParquetExportOptions
        {
            JournalDirectory = Path.Combine(_temp.Path, "nope"),
            OutDirectory = _temp.Sub("out"),
        }));
        Assert.Contains("nope", error.Message);
    }

    private static string Glob(string output, string table) => $"read_parquet('{Path.Combine(output, table)}/*.parquet')";

    private static void WriteJournal(string directory)
    {
        using var journal = new HandJournal(directory);
        journal.Trade(s_kite, HandJournal.Utc(2025, 3, 3, 9, 0, 10), 10005, 10);
        journal.Quote(s_kite, HandJournal.Utc(2025, 3, 3, 9, 0, 20), 10000, 5, 10010, 7);
        journal.Trade(s_kite, HandJournal.Utc(2025, 3, 3, 9, 0, 40), 10010, 20);
        journal.Depth(s_kite, HandJournal.Utc(2025, 3, 3, 9, 0, 50), [new(10000, 5, 1), new(9995, 8, 2)], [new(10010, 7, 1), new(10015, 9, 3)]);
        journal.Tick(s_kite, HandJournal.Utc(2025, 3, 3, 9, 0, 55), 10008, 1000);
        journal.Trade(s_kite, HandJournal.Utc(2025, 3, 3, 9, 1, 5), 9995, 30);
        journal.Trade(s_kite, HandJournal.Utc(2025, 3, 4, 9, 0, 0), 10100, 40);
        journal.Trade(s_binance, HandJournal.Utc(2025, 3, 4, 9, 0, 1), 123, 1, priceDecimals: 10);
    }
}
