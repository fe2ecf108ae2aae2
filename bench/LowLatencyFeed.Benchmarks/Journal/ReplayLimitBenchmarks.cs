using BenchmarkDotNet.Attributes;
using K4os.Compression.LZ4;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Replay;
using Microsoft.Win32.SafeHandles;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// Replay against its physical limit, one run: ns per event to read the LZ4 simulator journal and
/// <list type="bullet">
/// <item>baseline: only read each block from the file and LZ4-decode it (no CRC, no record decoding) — what any reader
/// of this file must at least do;</item>
/// <item>decode every event with a <see cref="JournalCursor"/> (block CRC, LZ4, records into the reused slot), LZ4
/// and uncompressed;</item>
/// <item><c>llfeed replay --speed max</c>: the same plus the live bar builder (7 timeframes) and book builder
/// (metrics after every update), no output files; single-threaded, through the parallel path with one worker (the
/// block hand-off between threads alone), and split by instrument over two workers
/// (<c>--parallel 2</c>: one reading thread decompresses each block once for both workers, each of which decodes its
/// half of the instruments).</item>
/// </list>
/// Files are in the page cache after the first iteration: CPU cost on one core, not disk. Run:
/// <c>dotnet run -c Release --project bench/LowLatencyFeed.Benchmarks -- --filter '*ReplayLimit*'</c> (in process).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReplayLimitConfig))]
public class ReplayLimitBenchmarks
{
    private string _uncompressed = null!;
    private string _lz4 = null!;
    private string[] _lz4Segments = null!;
    private readonly byte[] _stored = new byte[256 * 1024];
    private readonly byte[] _raw = new byte[256 * 1024];
    private readonly byte[] _header = new byte[JournalFormat.BlockHeaderSize];

    [GlobalSetup]
    public void Setup()
    {
        _uncompressed = JournalBenchData.NewDirectory();
        _lz4 = JournalBenchData.NewDirectory();
        JournalBenchData.WriteAll(_uncompressed, JournalCompression.None);
        JournalBenchData.WriteAll(_lz4, JournalCompression.Lz4);
        _lz4Segments = Directory.GetFiles(_lz4, "*" + JournalFormat.SegmentExtension);
        Array.Sort(_lz4Segments, StringComparer.Ordinal);
        if (DecodeLz4() == 0 || RawReadLz4Decode() < JournalBenchData.Sizes.RawBytes)
        {
            throw new InvalidOperationException("The journal did not read back whole.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_uncompressed, recursive: true);
        Directory.Delete(_lz4, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = JournalBenchData.EventCount, Description = "raw read + LZ4 decode of the blocks (limit)")]
    public long RawReadLz4Decode()
    {
        long total = 0;
        foreach (string path in _lz4Segments)
        {
            using SafeFileHandle file = File.OpenHandle(path);
            long length = RandomAccess.GetLength(file);
            long offset = JournalFormat.FileHeaderSize;
            while (offset + JournalFormat.BlockHeaderSize <= length)
            {
                RandomAccess.Read(file, _header, offset);
                BlockHeader.TryRead(_header, out BlockHeader header);
                Span<byte> stored = _stored.AsSpan(0, header.StoredLength);
                RandomAccess.Read(file, stored, offset + JournalFormat.BlockHeaderSize);
                total += (header.Flags & BlockFlags.Lz4) != 0
                    ? LZ4Codec.Decode(stored, _raw)
                    : header.StoredLength;
                offset += header.TotalLength;
            }
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "decode every event, LZ4")]
    public long DecodeLz4() => DecodeAll(_lz4);

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "decode every event, uncompressed")]
    public long DecodeUncompressed() => DecodeAll(_uncompressed);

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "replay with bars and books, LZ4")]
    public long ReplayLz4() => ReplayRunner.Run(new ReplayOptions { JournalDirectory = _lz4 }).Events;

    /// <summary>The shared block reader's hand-off alone: one worker, which takes every record, and the reading thread.</summary>
    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "replay with bars and books, LZ4, --parallel 1")]
    public long ReplayLz4ParallelOne() => ReplayRunner.Run(new ReplayOptions { JournalDirectory = _lz4, Parallelism = 1 }).Events;

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "replay with bars and books, LZ4, --parallel 2")]
    public long ReplayLz4Parallel() => ReplayRunner.Run(new ReplayOptions { JournalDirectory = _lz4, Parallelism = 2 }).Events;

    private static long DecodeAll(string directory)
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
