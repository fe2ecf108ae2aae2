using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The parser benchmarks' job, built for the shared 2-core machine: in-process (the generated out-of-process project
/// often misses BenchmarkDotNet's two-minute build timeout there), and many short iterations (100 of 10 ms) with the
/// Min and Median columns beside the Mean — under a load average of 20–35 most iterations are interrupted by other
/// processes, and the fastest iterations are the ones that ran undisturbed. Compare decoders by Min within one run.
/// </summary>
internal class ParserBenchmarkJob : ManualConfig
{
    public ParserBenchmarkJob()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(100)
            .WithIterationTime(TimeInterval.FromMilliseconds(10))
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Min, StatisticColumn.Median);
    }
}
