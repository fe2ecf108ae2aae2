using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// Extra columns for the journal benchmarks, from the mean time per event (each benchmark sets OperationsPerInvoke to
/// the event count) and the data set's byte counts: events/s, MB/s before compression (encoded records), MB/s after
/// (bytes on disk), and the compression ratio.
/// </summary>
internal sealed class JournalThroughputColumn : IColumn
{
    private readonly Func<JournalSizes, string, double, double> _value;
    private readonly string _format;

    private JournalThroughputColumn(string name, string legend, string format, Func<JournalSizes, string, double, double> value)
    {
        ColumnName = name;
        Legend = legend;
        _format = format;
        _value = value;
    }

    public static IColumn[] All { get; } =
    [
        new JournalThroughputColumn("Events/s", "Events per second", "N0", (_, _, perSecond) => perSecond),
        new JournalThroughputColumn("Raw MB/s", "Encoded record bytes per second, before compression", "N1", (s, _, perSecond) => perSecond * s.RawBytes / s.Events / 1e6),
        new JournalThroughputColumn("Stored MB/s", "Bytes per second on disk, after compression", "N1", (s, m, perSecond) => perSecond * s.StoredBytes(m) / s.Events / 1e6),
        new JournalThroughputColumn("Ratio", "Raw record bytes / stored bytes", "N2", (s, m, _) => (double)s.RawBytes / s.StoredBytes(m)),
    ];

    public string Id => nameof(JournalThroughputColumn) + "." + ColumnName;

    public string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend { get; }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        double? meanNs = report?.ResultStatistics?.Mean;
        if (meanNs is null or <= 0)
        {
            return "-";
        }

        double perSecond = 1e9 / meanNs.Value;
        return _value(JournalBenchData.Sizes, benchmarkCase.Descriptor.WorkloadMethod.Name, perSecond).ToString(_format, CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
