using BenchmarkDotNet.Attributes;
using K4os.Compression.LZ4;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// Journal write throughput on simulator data (≈200k Kite full-mode events): ns per event for the writer with LZ4
/// against the same writer storing blocks uncompressed (baseline). Blocks go to the page cache (no fsync), so the
/// numbers are the consumer thread's CPU cost; the columns add events/s, MB/s before and after compression and the ratio.
/// "raw LZ4" is K4os LZ4 alone on the very blocks the writer compresses (encoded once in the setup): the physical
/// limit of this design with compression, so the LZ4 writer's events/s over it is the share of the limit it reaches.
/// "block thread" is the writer as the host runs it: this thread encodes, the writer's block thread compresses and
/// writes; the time per event is from the first append until <see cref="JournalWriter.Flush"/> has every block written.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(JournalBenchmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class JournalWriteBenchmarks
{
    private MarketEvent[] _events = null!;
    private string _directory = null!;
    private JournalWriter _writer = null!;

    private (byte[] Bytes, int Length)[] _blocks = null!;
    private byte[] _compressed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _events = JournalBenchData.Events;
        _blocks = JournalBenchData.EncodedBlocks();
        _compressed = new byte[LZ4Codec.MaximumOutputSize(_blocks.Max(b => b.Bytes.Length))];
    }

    [IterationSetup(Target = nameof(RawLz4))]
    public void OpenNothing()
    {
        _directory = JournalBenchData.NewDirectory();
        _writer = JournalWriter.Open(JournalBenchData.Options(_directory, JournalCompression.None));
    }

    [IterationSetup(Target = nameof(WriteUncompressed))]
    public void OpenUncompressed() => Open(JournalCompression.None);

    [IterationSetup(Target = nameof(WriteLz4))]
    public void OpenLz4() => Open(JournalCompression.Lz4);

    [IterationSetup(Target = nameof(WriteLz4OnBlockThread))]
    public void OpenLz4OnBlockThread() => Open(JournalCompression.Lz4, blockThread: true);

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

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "LZ4 blocks, block thread")]
    public long WriteLz4OnBlockThread() => WriteAll();

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "raw LZ4 of the same blocks (limit)")]
    public long RawLz4()
    {
        long total = 0;
        foreach ((byte[] bytes, int length) in _blocks)
        {
            total += LZ4Codec.Encode(bytes.AsSpan(0, length), _compressed, LZ4Level.L00_FAST);
        }

        return total;
    }

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

    private void Open(JournalCompression compression, bool blockThread = false)
    {
        _directory = JournalBenchData.NewDirectory();
        _writer = JournalWriter.Open(JournalBenchData.Options(_directory, compression, blockThread));
    }
}
