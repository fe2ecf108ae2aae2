using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using K4os.Compression.LZ4;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// The record-encoding decision, kept reproducible: ns per event to turn the simulator events into LZ4 blocks of
/// 64 KiB input, (a) copying each 256-byte slot raw (baseline, the simple option) and (b) with the journal's compact
/// encoding. In memory, no I/O. The setup prints both compressed sizes to the log so the ratio sits next to the time.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class JournalEncodingBenchmarks
{
    private const int BlockBytes = 64 * 1024;

    private MarketEvent[] _events = null!;
    private byte[] _raw = null!;
    private byte[] _compressed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _events = JournalBenchData.Events;
        _raw = new byte[BlockBytes + RecordCodec.MaxRecordBytes(0) + MarketEvent.SizeInBytes];
        _compressed = new byte[LZ4Codec.MaximumOutputSize(_raw.Length)];
        long slot = RawSlots();
        long compact = Compact();
        Console.WriteLine($"// journal encoding: raw slots + LZ4 = {slot:N0} bytes, compact + LZ4 = {compact:N0} bytes for {_events.Length:N0} events ({(double)slot / compact:N2}x smaller)");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = JournalBenchData.EventCount, Description = "256-byte slots + LZ4")]
    public long RawSlots()
    {
        long total = 0;
        int length = 0;
        ReadOnlySpan<byte> slots = MemoryMarshal.AsBytes(_events.AsSpan());
        for (int i = 0; i < _events.Length; i++)
        {
            slots.Slice(i * MarketEvent.SizeInBytes, MarketEvent.SizeInBytes).CopyTo(_raw.AsSpan(length));
            length += MarketEvent.SizeInBytes;
            if (length >= BlockBytes)
            {
                total += LZ4Codec.Encode(_raw.AsSpan(0, length), _compressed);
                length = 0;
            }
        }

        return total + (length > 0 ? LZ4Codec.Encode(_raw.AsSpan(0, length), _compressed) : 0);
    }

    [Benchmark(OperationsPerInvoke = JournalBenchData.EventCount, Description = "compact records + LZ4")]
    public long Compact()
    {
        long total = 0;
        int length = 0;
        var times = default(RecordTimeBase);
        MarketEvent[] events = _events;
        for (int i = 0; i < events.Length; i++)
        {
            length += RecordCodec.Encode(in events[i], ref _raw[length], ref times, null);
            if (length >= BlockBytes)
            {
                total += LZ4Codec.Encode(_raw.AsSpan(0, length), _compressed);
                length = 0;
                times = default;
            }
        }

        return total + (length > 0 ? LZ4Codec.Encode(_raw.AsSpan(0, length), _compressed) : 0);
    }
}
