using HdrHistogram;

namespace LowLatencyFeed.Benchmarks.EndToEnd;

/// <summary>One rate of the end-to-end sweep: what the last stage measured and what the host did meanwhile.</summary>
public sealed record RunResult(
    string Label,
    long TargetRate,
    double Seconds,
    long MessagesSent,
    long Events,
    long Unstamped,
    long ParseErrors,
    LongHistogram SendToStage,
    LongHistogram ReceiveToStage,
    long LagP99,
    long LagMax,
    string MeanLagByStage,
    double RawCopyRowsPerSecond,
    long DatabaseRows,
    long DeferredRows,
    long AllocatedBytes,
    long Gen0,
    long Gen1,
    long Gen2,
    IReadOnlyList<Sample> Samples)
{
    /// <summary>Market events per second at the last stage over the measured window.</summary>
    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : 0;
}

/// <summary>One 100 ms sample: seconds since the first event, events seen by the last stage, database rows committed.</summary>
public sealed record Sample(double Seconds, long Events, long DatabaseRows);
