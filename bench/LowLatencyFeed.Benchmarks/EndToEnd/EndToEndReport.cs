using System.Globalization;
using System.Text;
using HdrHistogram;

namespace LowLatencyFeed.Benchmarks.EndToEnd;

/// <summary>The sweep as a markdown table: one row per rate, latencies in µs.</summary>
public static class EndToEndReport
{
    private const string Columns =
        "| target msgs/s | msgs/s sent | events/s | p50 | p90 | p99 | p99.9 | p99.99 | max | recv→stage p50 / p99 / max | ring lag p99 / max | db rows/s | deferred rows | raw COPY rows/s | alloc MB/s | GC 0/1/2 | cores used | CPU µs/event | unstamped |";

    /// <summary>The header line, the column names and a row per run.</summary>
    public static string Table(string header, IReadOnlyList<RunResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(header).AppendLine();
        text.AppendLine("Latencies in µs unless marked ms. p50…max: scheduled send time → database stager (the last stage, after journal, bars and books), coordinated-omission corrected. "
            + "db rows/s: rows the writer committed (a depth snapshot is one row per level); deferred: rows left to journal catch-up because the writer was behind; "
            + "raw COPY: the same stored rows written back with one binary COPY per table; alloc, GC, cores used and CPU per event: the whole process, simulator included (PostgreSQL not).").AppendLine();
        text.AppendLine(Columns);
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (RunResult result in results)
        {
            text.AppendLine(Row(result));
        }

        text.AppendLine().AppendLine("Mean ring lag per stage (events; the stager cannot pass the stages before it):").AppendLine();
        foreach (RunResult result in results)
        {
            text.AppendLine($"- {result.Label}: {result.MeanLagByStage}");
        }

        return text.ToString();
    }

    /// <summary>One run as a table row.</summary>
    public static string Row(RunResult r)
    {
        LongHistogram s = r.SendToStage;
        LongHistogram v = r.ReceiveToStage;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {(r.TargetRate == 0 ? "max" : r.TargetRate.ToString("N0", CultureInfo.InvariantCulture))} | {r.MessagesSent / Math.Max(r.Seconds, 1e-9):N0} | {r.EventsPerSecond:N0} | "
            + $"{Us(s.GetValueAtPercentile(50))} | {Us(s.GetValueAtPercentile(90))} | {Us(s.GetValueAtPercentile(99))} | {Us(s.GetValueAtPercentile(99.9))} | {Us(s.GetValueAtPercentile(99.99))} | {Us(s.GetMaxValue())} | "
            + $"{Us(v.GetValueAtPercentile(50))} / {Us(v.GetValueAtPercentile(99))} / {Us(v.GetMaxValue())} | {r.LagP99:N0} / {r.LagMax:N0} | "
            + $"{r.DatabaseRows / Math.Max(r.Seconds, 1e-9):N0} | {r.DeferredRows:N0} | {r.RawCopyRowsPerSecond:N0} | {r.AllocatedBytes / 1e6 / Math.Max(r.Seconds, 1e-9):N1} | {r.Gen0}/{r.Gen1}/{r.Gen2} | {r.CoresUsed:0.00} | {r.CpuMicrosecondsPerEvent:0.00} | {r.Unstamped:N0} |");
    }

    /// <summary>Nanoseconds as microseconds with a sensible number of digits.</summary>
    public static string Us(long ns)
    {
        double us = ns / 1000.0;
        return us switch
        {
            < 10 => us.ToString("0.0", CultureInfo.InvariantCulture),
            < 1000 => us.ToString("N0", CultureInfo.InvariantCulture),
            _ => (us / 1000).ToString("N1", CultureInfo.InvariantCulture) + " ms",
        };
    }
}
