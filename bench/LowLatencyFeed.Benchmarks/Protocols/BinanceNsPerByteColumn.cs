using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>Min time divided by the message's length: what each decoder costs per byte of JSON (Min: see <see cref="ParserBenchmarkJob"/>).</summary>
internal sealed class BinanceNsPerByteColumn : IColumn
{
    public string Id => nameof(BinanceNsPerByteColumn);

    public string ColumnName => "Min ns/byte";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Min time per byte of the message";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Min;
        object? message = benchmarkCase.Parameters["Message"];
        if (meanNs is null or <= 0 || message is not string name)
        {
            return "-";
        }

        int bytes = BinanceParserBenchmarks.MessageBytes(name).Length;
        return (meanNs.Value / bytes).ToString("N2", CultureInfo.InvariantCulture) + $" ({bytes} B)";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
