using ScottPlot;

namespace LowLatencyFeed.Benchmarks.EndToEnd;

/// <summary>
/// The sweep's pictures (ScottPlot): latency by percentile the HdrHistogram way — x is 1/(1 − p) on a log axis, so
/// 90 %, 99 %, 99.9 % … are equally spaced and the tail is visible — and events/s at the last stage over time.
/// </summary>
public static class EndToEndPlots
{
    private static readonly double[] s_percentileTicks = [0, 1, 2, 3, 4, 5];
    private static readonly string[] s_percentileLabels = ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"];

    /// <summary>send→stage percentile curves, one per rate, latency on a log axis (µs).</summary>
    public static void Latency(IReadOnlyList<RunResult> results, string path, string title)
    {
        var plot = new Plot();
        double highest = 1;
        foreach (RunResult result in results)
        {
            if (result.SendToStage.TotalCount == 0)
            {
                continue;
            }

            var xs = new List<double>();
            var ys = new List<double>();
            for (double x = 0; x <= 5.0001; x += 0.05)
            {
                double percentile = 100.0 * (1 - Math.Pow(10, -x));
                double us = Math.Max(result.SendToStage.GetValueAtPercentile(percentile) / 1000.0, 0.1);
                xs.Add(x);
                ys.Add(Math.Log10(us));
                highest = Math.Max(highest, us);
            }

            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = result.TargetRate == 0 ? "max rate" : $"{result.TargetRate:N0} msgs/s";
            line.LineWidth = 2;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(s_percentileTicks, s_percentileLabels);
        var yTicks = new List<double>();
        var yLabels = new List<string>();
        for (int decade = -1; decade <= Math.Ceiling(Math.Log10(highest)); decade++)
        {
            yTicks.Add(decade);
            double us = Math.Pow(10, decade);
            yLabels.Add(us >= 1000 ? $"{us / 1000:0.###} ms" : $"{us:0.#} µs");
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(yTicks.ToArray(), yLabels.ToArray());
        plot.Axes.SetLimitsX(0, 5);
        plot.Title(title);
        plot.XLabel("percentile");
        plot.YLabel("latency (log)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 600);
    }

    /// <summary>Events/s at the last stage per 100 ms sample, one line per rate.</summary>
    public static void Throughput(IReadOnlyList<RunResult> results, string path, string title)
    {
        var plot = new Plot();
        foreach (RunResult result in results)
        {
            if (result.Samples.Count < 2)
            {
                continue;
            }

            var xs = new double[result.Samples.Count - 1];
            var ys = new double[result.Samples.Count - 1];
            for (int i = 1; i < result.Samples.Count; i++)
            {
                Sample previous = result.Samples[i - 1];
                Sample sample = result.Samples[i];
                xs[i - 1] = sample.Seconds;
                ys[i - 1] = (sample.Events - previous.Events) / Math.Max(sample.Seconds - previous.Seconds, 1e-3);
            }

            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = result.TargetRate == 0 ? "max rate" : $"{result.TargetRate:N0} msgs/s";
            line.LineWidth = 1.5f;
        }

        plot.Title(title);
        plot.XLabel("seconds since the first event");
        plot.YLabel("events/s");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 600);
    }
}
