using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// The journal's block checksum on a compressed block's size (26 KiB: a 64 KiB block after LZ4) and a 256-byte one:
/// <see cref="Crc32C.Compute"/> (three interleaved crc32 chains on x64) against one chain of the same instruction,
/// 8 bytes per step (the baseline, what the journal did before). Each setup checks that both give the same value.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class Crc32CBenchmarks
{
    private byte[] _data = null!;

    [Params(256, 26 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Bytes];
        new Random(3).NextBytes(_data);
        if (!Sse42.X64.IsSupported)
        {
            throw new PlatformNotSupportedException("the baseline needs SSE4.2");
        }

        if (OneChain() != Compute())
        {
            throw new InvalidOperationException("the baseline and Crc32C.Compute disagree");
        }
    }

    [Benchmark(Baseline = true, Description = "one crc32 chain")]
    public uint OneChain()
    {
        ReadOnlySpan<byte> data = _data;
        ref byte start = ref MemoryMarshal.GetReference(data);
        ulong crc = ~0u;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = Sse42.X64.Crc32(crc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
        }

        uint crc32 = (uint)crc;
        for (; i < data.Length; i++)
        {
            crc32 = Sse42.Crc32(crc32, Unsafe.Add(ref start, i));
        }

        return ~crc32;
    }

    [Benchmark(Description = "Crc32C.Compute")]
    public uint Compute() => Crc32C.Compute(_data);
}
