using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// The journal throughput columns and one in-process job of fixed length: the shared 2-core machine cannot afford an
/// out-of-process job beside it or the default's open-ended iteration count, and every method runs the same job, so
/// the ratios stay comparable within a run.
/// </summary>
internal sealed class ReplayLimitConfig : ManualConfig
{
    public ReplayLimitConfig()
    {
        AddColumn(JournalThroughputColumn.All);
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10));
    }
}
