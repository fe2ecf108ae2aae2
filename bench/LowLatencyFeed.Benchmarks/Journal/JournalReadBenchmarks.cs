using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// Reader throughput: ns per event to enumerate the whole simulator journal with a <see cref="JournalCursor"/> (CRC
/// check, decompression, decoding into the reused slot), LZ4 against the same events stored uncompressed (baseline).
/// Files are in the page cache after the first iteration, so this is CPU cost, not disk.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(JournalBenchmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class JournalReadBenchmarks
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

    [Benchmark(Baseline = true, OperationsPerInvoke = JournalBenchData.EventCount, Description = "read uncompressed")]
    public long ReadUncompressed() => ReadAll(_uncompressed);

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "read LZ4")]
    public long ReadLz4() => ReadAll(_lz4);

    private static long ReadAll(string directory)
    {
        long checksum = 0;
        using JournalCursor cursor = JournalReader.Open(directory).Read();
        while (cursor.MoveNext())
        {
            ref readonly MarketEvent e = ref cursor.Current;
            checksum += e.Header.Sequence ^ e.Header.ExchangeTimeNs;
        }

        return checksum;
    }
}
