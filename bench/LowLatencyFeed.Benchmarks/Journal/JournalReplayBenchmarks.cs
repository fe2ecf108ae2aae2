using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Replay;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// <c>llfeed replay --speed max</c> throughput: ns per event to read the simulator journal and run it through the live
/// bar builder (7 timeframes) and book builder (metrics after every update), no output files. LZ4 against the same
/// events stored uncompressed (baseline).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(JournalBenchmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class JournalReplayBenchmarks
{
    private string _uncompressed = null!;
    private string _lz4 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _uncompressed = JournalBenchData.NewDirectory();
        _lz4 = JournalBenchData.NewDirectory();
        JournalBenchData.WriteAll(_uncompressed, JournalCompression.None);
        JournalBenchData.WriteAll(_lz4, JournalCompression.Lz4);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_uncompressed, recursive: true);
        Directory.Delete(_lz4, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = JournalBenchData.EventCount, Description = "replay uncompressed, max speed")]
    public long ReplayUncompressed() => ReplayRunner.Run(new ReplayOptions { JournalDirectory = _uncompressed }).Events;

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "replay LZ4, max speed")]
    public long ReplayLz4() => ReplayRunner.Run(new ReplayOptions { JournalDirectory = _lz4 }).Events;
}
