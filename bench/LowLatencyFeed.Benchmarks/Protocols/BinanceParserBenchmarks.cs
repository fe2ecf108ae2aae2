using System.Buffers;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// Decoding one Binance combined-stream message of each type: <see cref="BinanceProtocol"/> (contiguous and split into
/// 64-byte segments) against the typical client (<see cref="System.Text.Json.JsonSerializer"/> into classes, then
/// decimal.Parse) as baseline. Depth diffs are decoded without book synchronization (the same message repeated would
/// be stale to a synchronizer).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BinanceParserBenchmarks
{
    private const long ReceiveTimeNs = 1_622_370_862_600_000_000;

    private byte[] _message = [];
    private ReadOnlySequence<byte> _contiguous;
    private ReadOnlySequence<byte> _segmented;
    private BinanceProtocol _protocol = null!;
    private BinanceBenchmarkSink _sink;

    /// <summary>The message type: trade, aggTrade, bookTicker, a 20+20-level depthUpdate, or a depth20 partial book.</summary>
    [Params("Trade", "AggTrade", "BookTicker", "DepthUpdate", "PartialDepth20")]
    public string Message { get; set; } = "Trade";

    [GlobalSetup]
    public void Setup()
    {
        string json = Message switch
        {
            "Trade" => """{"stream":"btcusdt@trade","data":{"e":"trade","E":1622370862564,"s":"BTCUSDT","t":872615328,"p":"35743.98000000","q":"0.00150000","T":1622370862563,"m":true,"M":true}}""",
            "AggTrade" => """{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1622370862564,"s":"BTCUSDT","a":785239283,"p":"35743.98000000","q":"0.00150000","f":872615328,"l":872615330,"T":1622370862563,"m":false,"M":true}}""",
            "BookTicker" => """{"stream":"btcusdt@bookTicker","data":{"u":11294093726,"s":"BTCUSDT","b":"35743.87000000","B":"0.00001500","a":"35743.88000000","A":"0.24000000"}}""",
            "DepthUpdate" => Depth(diff: true),
            _ => Depth(diff: false),
        };

        _message = Encoding.UTF8.GetBytes(json);
        _contiguous = new ReadOnlySequence<byte>(_message);
        _segmented = Segments(_message, 64);
        var subscription = new Subscription(InstrumentId.From(FeedKind.Binance, 1), "btcusdt", "", SubscriptionMode.Full, 2, 8);
        _protocol = new BinanceProtocol([subscription], new BinanceProtocolOptions { SynchronizeBooks = false });
        _sink = new BinanceBenchmarkSink(1024);
        if (_protocol.Decode(_contiguous, MessageKind.Text, ReceiveTimeNs, ref _sink) == 0 || _protocol.Diagnostics.TotalErrors != 0)
        {
            throw new InvalidOperationException($"The {Message} benchmark message does not decode: {_protocol.Diagnostics.LastMessage}");
        }
    }

    [Benchmark(Baseline = true)]
    public decimal TypicalClient() => BinanceTypicalClient.Parse(_message, Message);

    [Benchmark]
    public int ZeroAllocContiguous() => _protocol.Decode(_contiguous, MessageKind.Text, ReceiveTimeNs, ref _sink);

    [Benchmark]
    public int ZeroAllocSegmented() => _protocol.Decode(_segmented, MessageKind.Text, ReceiveTimeNs, ref _sink);

    private static string Depth(bool diff)
    {
        var sb = new StringBuilder();
        sb.Append(diff
            ? """{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1622370862564,"s":"BTCUSDT","U":11294093710,"u":11294093726,"b":["""
            : """{"stream":"btcusdt@depth20@100ms","data":{"lastUpdateId":11294093726,"bids":[""");
        AppendLevels(sb, 3574398, -1);
        sb.Append(diff ? "],\"a\":[" : "],\"asks\":[");
        AppendLevels(sb, 3574399, 1);
        sb.Append("]}}");
        return sb.ToString();
    }

    private static void AppendLevels(StringBuilder sb, long start, int step)
    {
        for (int i = 0; i < 20; i++)
        {
            long price = start + (i * step);
            sb.Append(i == 0 ? "" : ",")
              .Append("[\"").Append((price / 100).ToString(CultureInfo.InvariantCulture)).Append('.').Append((price % 100).ToString("D2", CultureInfo.InvariantCulture)).Append("000000\",\"")
              .Append(i % 4 == 0 ? "0.00000000" : "1.25000000").Append("\"]");
        }
    }

    private static ReadOnlySequence<byte> Segments(byte[] data, int size)
    {
        var first = new Segment(data.AsMemory(0, Math.Min(size, data.Length)), 0);
        Segment last = first;
        for (int at = size; at < data.Length; at += size)
        {
            last = last.Append(data.AsMemory(at, Math.Min(size, data.Length - at)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
