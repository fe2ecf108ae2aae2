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
    double CpuSeconds,
    IReadOnlyList<Sample> Samples)
{
    /// <summary>Cores this process kept busy on average (simulator included, PostgreSQL not).</summary>
    public double CoresUsed => Seconds > 0 ? CpuSeconds / Seconds : 0;

    /// <summary>
    /// Process CPU per market event at the last stage, in µs: the cost that decides the ceiling on a machine of its own
    /// (2 cores ÷ this), much less sensitive to other load than events/s.
    /// </summary>
    public double CpuMicrosecondsPerEvent => Events > 0 ? CpuSeconds * 1e6 / Events : 0;

    /// <summary>Market events per second at the last stage over the measured window.</summary>
    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : 0;
}

/// <summary>One 100 ms sample: seconds since the first event, events seen by the last stage, database rows committed.</summary>
public sealed record Sample(double Seconds, long Events, long DatabaseRows);
