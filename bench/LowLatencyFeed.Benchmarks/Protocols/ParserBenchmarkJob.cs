using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The parser benchmarks' job: one launch, 3 warm-up and 10 measured iterations, run in-process — on the shared 2-core
/// machine the generated out-of-process project often misses BenchmarkDotNet's two-minute build timeout.
/// </summary>
internal class ParserBenchmarkJob : ManualConfig
{
    public ParserBenchmarkJob()
        => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance));
}
