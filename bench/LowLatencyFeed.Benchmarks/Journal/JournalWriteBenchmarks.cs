using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// Journal write throughput on simulator data (≈200k Kite full-mode events): ns per event for the writer with LZ4
/// against the same writer storing blocks uncompressed (baseline). Blocks go to the page cache (no fsync), so the
/// numbers are the consumer thread's CPU cost; the columns add events/s, MB/s before and after compression and the ratio.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(JournalBenchmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class JournalWriteBenchmarks
{
    private MarketEvent[] _events = null!;
    private string _directory = null!;
    private JournalWriter _writer = null!;

    [GlobalSetup]
    public void Setup() => _events = JournalBenchData.Events;

    [IterationSetup(Target = nameof(WriteUncompressed))]
    public void OpenUncompressed() => Open(JournalCompression.None);

    [IterationSetup(Target = nameof(WriteLz4))]
    public void OpenLz4() => Open(JournalCompression.Lz4);

    [IterationCleanup]
    public void Close()
    {
        _writer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = JournalBenchData.EventCount, Description = "uncompressed blocks")]
    public long WriteUncompressed() => WriteAll();

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "LZ4 blocks")]
    public long WriteLz4() => WriteAll();

    private long WriteAll()
    {
        MarketEvent[] events = _events;
        JournalWriter writer = _writer;
        for (int i = 0; i < events.Length; i++)
        {
            writer.Append(in events[i], i);
        }

        writer.Flush(toDisk: false);
        return writer.LastWrittenSequence;
    }

    private void Open(JournalCompression compression)
    {
        _directory = JournalBenchData.NewDirectory();
        _writer = JournalWriter.Open(JournalBenchData.Options(_directory, compression));
    }
}
