using System.Globalization;
using DuckDB.NET.Data;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Research.Scoring;
using LowLatencyFeed.Research.Tests.Support;

namespace LowLatencyFeed.Host.Tests.Research;

/// <summary>
/// <c>llfeed train</c> and <c>llfeed journal export --format parquet</c> run as the real executable on generated
/// journals: the model file and its report (Research README, "Training"), Parquet files that DuckDB reads back with the
/// journal's counts and exact sums (Research README, "Parquet export"), and bad arguments refused with a named reason
/// and a non-zero exit code (top README: 1 failure, 2 usage).
/// </summary>
public sealed class ResearchCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-research-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Train_writes_a_loadable_model_and_a_report_with_its_documented_sections()
    {
        string journal = Path.Combine(_directory, "journal");
        SyntheticMarket.Write(journal, minutes: 700, shuffled: false);
        string model = Path.Combine(_directory, "out", "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);

        var (exit, output, error) = await LlfeedProcess.RunAsync(
            "train", "--journal", journal, "--out", model, "--folds", "3", "--embargo-bars", "2", "--vertical-bars", "3",
            "--barrier", "1", "--iterations", "20", "--leaves", "7", "--seed", "3");
        Assert.True(exit == 0, $"exit {exit}: {output}{error}");

        LoadedModel loaded = ModelFile.Load(model);
        ModelManifest manifest = loaded.Manifest;
        Assert.Contains($"model {manifest.Version}:", output, StringComparison.Ordinal);
        Assert.Equal(3, manifest.FoldScores.Length);
        Assert.Equal(20, manifest.Parameters.NumberOfIterations);
        Assert.Equal(7, manifest.Parameters.NumberOfLeaves);
        Assert.Equal(3, manifest.Parameters.Seed);
        Assert.Equal(3, manifest.VerticalBars);
        Assert.Equal(2, manifest.EmbargoBars);
        Assert.Contains("imbalance_all", manifest.FeatureNames);
        Assert.Equal(manifest.FeatureNames.Length, loaded.Forest.FeatureCount);

        // The report beside the model: header, the folds table with a row per fold and each fold's confusion matrix, the
        // importance table, and the two plots it links (PNG files).
        string report = await File.ReadAllTextAsync(Path.Combine(_directory, "out", "model.report.md"));
        Assert.StartsWith($"# Model {manifest.Version}", report, StringComparison.Ordinal);
        Assert.Contains("## Folds", report, StringComparison.Ordinal);
        Assert.Contains("| fold | train | purged | test | test from | accuracy | AUC (macro) |", report, StringComparison.Ordinal);
        for (int fold = 1; fold <= 3; fold++)
        {
            Assert.Contains($"\n| {fold} | ", report, StringComparison.Ordinal);
            Assert.Contains($"Fold {fold} confusion (rows actual, columns predicted SELL/HOLD/BUY): SELL ", report, StringComparison.Ordinal);
        }

        Assert.Contains("## Feature importance (split gain of the final model)", report, StringComparison.Ordinal);
        Assert.Contains($"| {manifest.Importance[0].Feature} | ", report, StringComparison.Ordinal);
        foreach (string plot in new[] { "model.folds.png", "model.importance.png" })
        {
            Assert.Contains($"]({plot})", report, StringComparison.Ordinal);
            byte[] png = await File.ReadAllBytesAsync(Path.Combine(_directory, "out", plot));
            Assert.True(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', $"{plot} is a PNG image");
        }
    }

    [Fact]
    public async Task Parquet_export_is_read_back_by_DuckDB_with_the_journals_counts_and_exact_values()
    {
        // 30 minutes across midnight UTC: files for two days.
        const int minutes = 30;
        long start = HandJournal.Utc(2025, 3, 3, 23, 45, 0);
        string journal = Path.Combine(_directory, "journal");
        SyntheticMarket.Write(journal, minutes, shuffled: false, seed: 4, startNs: start);
        string output = Path.Combine(_directory, "parquet");

        var (exit, stdout, error) = await LlfeedProcess.RunAsync("journal", "export", "--journal", journal, "--format", "parquet", "--out", output);
        Assert.True(exit == 0, $"exit {exit}: {stdout}{error}");

        // What the journal holds, read independently of the exporter.
        var trades = new List<MarketEvent>();
        int depthEvents = 0;
        using (JournalCursor cursor = JournalReader.Open(journal).Read())
        {
            while (cursor.MoveNext())
            {
                if (cursor.Current.Header.Kind == EventKind.Tick)
                {
                    trades.Add(cursor.Current);
                }
                else if (cursor.Current.Header.Kind == EventKind.Depth)
                {
                    depthEvents++;
                }
            }
        }

        Assert.Equal(4 * minutes, trades.Count);
        Assert.Equal(minutes, depthEvents);
        long midnight = HandJournal.Utc(2025, 3, 4, 0, 0, 0);
        int firstDayTrades = trades.Count(t => t.Header.ExchangeTimeNs < midnight);
        Assert.Contains($"trades: {trades.Count} rows", stdout, StringComparison.Ordinal);
        foreach (string day in new[] { "2025-03-03", "2025-03-04" })
        {
            Assert.True(File.Exists(Path.Combine(output, "trades", day + ".parquet")), $"trades/{day}.parquet");
        }

        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        string tradesGlob = $"read_parquet('{Path.Combine(output, "trades", "*.parquet")}')";
        Assert.Equal(trades.Count.ToString(CultureInfo.InvariantCulture), Text(db, $"SELECT count(*) FROM {tradesGlob}"));
        Assert.Equal(firstDayTrades.ToString(CultureInfo.InvariantCulture), Text(db, $"SELECT count(*) FROM '{Path.Combine(output, "trades", "2025-03-03.parquet")}'"));
        Assert.Equal(Decimal8(trades.Sum(t => t.Tick.LastPrice), 2), Text(db, $"SELECT CAST(sum(price) AS VARCHAR) FROM {tradesGlob}"));
        Assert.Equal(Decimal8(trades.Sum(t => t.Tick.LastQuantity), 0), Text(db, $"SELECT CAST(sum(quantity) AS VARCHAR) FROM {tradesGlob}"));
        Assert.Equal(trades[0].Header.ExchangeTimeNs.ToString(CultureInfo.InvariantCulture), Text(db, $"SELECT min(time_ns) FROM {tradesGlob}"));
        Assert.Equal("Binance:42", Text(db, $"SELECT DISTINCT instrument FROM {tradesGlob}"));
        Assert.Equal(
            string.Join(",", trades.Select(t => t.Header.Sequence)),
            Text(db, $"SELECT string_agg(CAST(seq AS VARCHAR), ',' ORDER BY seq) FROM {tradesGlob}"));

        // Two bid and two ask levels per snapshot.
        string depthGlob = $"read_parquet('{Path.Combine(output, "depth", "*.parquet")}')";
        Assert.Equal((4 * minutes).ToString(CultureInfo.InvariantCulture), Text(db, $"SELECT count(*) FROM {depthGlob}"));

        // 1-minute bars (of the default timeframes): every minute but the last, still open at the journal's end, with
        // the volume of its trades.
        string barsGlob = $"read_parquet('{Path.Combine(output, "bars", "*.parquet")}')";
        Assert.Equal((minutes - 1).ToString(CultureInfo.InvariantCulture), Text(db, $"SELECT count(*) FROM {barsGlob} WHERE timeframe = '1m'"));
        Assert.Equal("60", Text(db, $"SELECT DISTINCT timeframe_seconds FROM {barsGlob} WHERE timeframe = '1m'"));
        long lastMinute = start + ((minutes - 1) * 60_000_000_000L);
        Assert.Equal(Decimal8(trades.Where(t => t.Header.ExchangeTimeNs < lastMinute).Sum(t => t.Tick.LastQuantity), 0), Text(db, $"SELECT CAST(sum(volume) AS VARCHAR) FROM {barsGlob} WHERE timeframe = '1m'"));
        Assert.Equal(minutes.ToString(CultureInfo.InvariantCulture), Text(db, $"SELECT count(*) FROM read_parquet('{Path.Combine(output, "book_metrics", "*.parquet")}')"));
    }

    [Theory]
    [InlineData(2, "train needs --journal DIR", "train", "--out", "m.zip")]
    [InlineData(2, "train needs --out model.zip", "train", "--journal", "{journal}")]
    [InlineData(2, "journal directory '{missing}' does not exist", "train", "--journal", "{missing}", "--out", "m.zip")]
    [InlineData(2, "--barrier must be a positive multiple of the volatility, got '-1'", "train", "--journal", "{journal}", "--out", "m.zip", "--barrier", "-1")]
    [InlineData(2, "option --folds must be between 1 and 50, got 0", "train", "--journal", "{journal}", "--out", "m.zip", "--folds", "0")]
    [InlineData(2, "--timeframe must be 1s, 1m, 5m, … or seconds, got 'soon'", "train", "--journal", "{journal}", "--out", "m.zip", "--timeframe", "soon")]
    [InlineData(2, "'train' does not take option --fold", "train", "--journal", "{journal}", "--out", "m.zip", "--fold", "3")]
    [InlineData(1, "Fold 1 of 4 has", "train", "--journal", "{journal}", "--out", "{out}/m.zip")]
    [InlineData(2, "journal export --format parquet needs --out DIR", "journal", "export", "--journal", "{journal}", "--format", "parquet")]
    [InlineData(2, "--format must be csv or parquet, got 'xlsx'", "journal", "export", "--journal", "{journal}", "--format", "xlsx", "--out", "{out}")]
    [InlineData(2, "--row-group-rows must be a positive integer, got '0'", "journal", "export", "--journal", "{journal}", "--format", "parquet", "--out", "{out}", "--row-group-rows", "0")]
    [InlineData(2, "journal directory '{missing}' does not exist", "journal", "export", "--journal", "{missing}", "--format", "parquet", "--out", "{out}")]
    public async Task Bad_arguments_are_refused_with_the_reason_and_a_non_zero_exit_code(int expectedExit, string message, params string[] arguments)
    {
        // A journal too short for the default four folds (the one case that gets past the arguments).
        string journal = Path.Combine(_directory, "journal");
        SyntheticMarket.Write(journal, minutes: 150, shuffled: false);
        string output = Path.Combine(_directory, "out");
        Directory.CreateDirectory(output);
        string missing = Path.Combine(_directory, "no-such-journal");
        string Fill(string text) => text.Replace("{journal}", journal, StringComparison.Ordinal).Replace("{missing}", missing, StringComparison.Ordinal).Replace("{out}", output, StringComparison.Ordinal);

        var (exit, stdout, error) = await LlfeedProcess.RunAsync([.. arguments.Select(Fill)]);
        Assert.True(expectedExit == exit, $"exit {exit}: {stdout}{error}");
        Assert.Contains(Fill(message), stdout + error, StringComparison.Ordinal);
        if (expectedExit == 2)
        {
            Assert.Contains("llfeed: " + Fill(message), error, StringComparison.Ordinal);
        }

        // Nothing is written when the arguments are refused or the range is too small.
        Assert.False(File.Exists(Path.Combine(output, "m.zip")));
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    private static string Decimal8(long mantissa, int scale) =>
        (mantissa / (decimal)Math.Pow(10, scale)).ToString("0.00000000", CultureInfo.InvariantCulture);

    private static string Text(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return value is null or DBNull ? "null" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";
    }
}
