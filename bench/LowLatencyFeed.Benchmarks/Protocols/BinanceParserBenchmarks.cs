using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// Decoding one Binance combined-stream message of each type: <see cref="BinanceProtocol"/> (contiguous and split into
/// 64-byte segments) against the typical client (<see cref="JsonSerializer"/> into classes, then decimal.Parse) as
/// baseline, a straightforward allocation-free <see cref="Utf8JsonReader"/> decoder (<see cref="BinanceReaderClient"/>,
/// the approach of our previous parser) and a plain <see cref="Utf8JsonReader"/> scan of the same bytes that decodes
/// nothing (the floor for a token reader). The ns/byte column divides each mean by the message length. Depth diffs are
/// decoded without book synchronization (the same message repeated would be stale to a synchronizer).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class BinanceParserBenchmarks
{
    private const long ReceiveTimeNs = 1_622_370_862_600_000_000;
    private const byte PriceDecimals = 2;
    private const byte QuantityDecimals = 8;

    private byte[] _message = [];
    private ReadOnlySequence<byte> _contiguous;
    private ReadOnlySequence<byte> _segmented;
    private BinanceProtocol _protocol = null!;
    private BinanceReaderClient _reader = null!;
    private BinanceBenchmarkSink _sink;

    /// <summary>The message type: trade, aggTrade, bookTicker, a 20+20-level depthUpdate, or a depth20 partial book.</summary>
    [Params("Trade", "AggTrade", "BookTicker", "DepthUpdate", "PartialDepth20")]
    public string Message { get; set; } = "Trade";

    /// <summary>The benchmark message of <paramref name="kind"/>, as UTF-8.</summary>
    public static byte[] MessageBytes(string kind)
    {
        string json = kind switch
        {
            "Trade" => """{"stream":"btcusdt@trade","data":{"e":"trade","E":1622370862564,"s":"BTCUSDT","t":872615328,"p":"35743.98000000","q":"0.00150000","T":1622370862563,"m":true,"M":true}}""",
            "AggTrade" => """{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1622370862564,"s":"BTCUSDT","a":785239283,"p":"35743.98000000","q":"0.00150000","f":872615328,"l":872615330,"T":1622370862563,"m":false,"M":true}}""",
            "BookTicker" => """{"stream":"btcusdt@bookTicker","data":{"u":11294093726,"s":"BTCUSDT","b":"35743.87000000","B":"0.00001500","a":"35743.88000000","A":"0.24000000"}}""",
            "DepthUpdate" => Depth(diff: true),
            _ => Depth(diff: false),
        };
        return Encoding.UTF8.GetBytes(json);
    }

    [GlobalSetup]
    public void Setup()
    {
        _message = MessageBytes(Message);
        _contiguous = new ReadOnlySequence<byte>(_message);
        _segmented = Segments(_message, 64);
        var subscription = new Subscription(InstrumentId.From(FeedKind.Binance, 1), "btcusdt", "", SubscriptionMode.Full, PriceDecimals, QuantityDecimals);
        _protocol = new BinanceProtocol([subscription], new BinanceProtocolOptions { SynchronizeBooks = false });
        _reader = new BinanceReaderClient(PriceDecimals, QuantityDecimals);
        _sink = new BinanceBenchmarkSink(1024);
        CheckSameValues();
    }

    [Benchmark(Baseline = true)]
    public decimal TypicalClient() => BinanceTypicalClient.Parse(_message, Message);

    [Benchmark]
    public int Utf8JsonReaderClient() => _reader.Parse(_message);

    [Benchmark]
    public long Utf8JsonReaderScan()
    {
        var reader = new Utf8JsonReader(_message);
        while (reader.Read())
        {
        }

        return reader.BytesConsumed;
    }

    [Benchmark]
    public int ZeroAllocContiguous() => _protocol.Decode(_contiguous, MessageKind.Text, ReceiveTimeNs, ref _sink);

    [Benchmark]
    public int ZeroAllocSegmented() => _protocol.Decode(_segmented, MessageKind.Text, ReceiveTimeNs, ref _sink);

    /// <summary>Ours, the reader client and the typical client must decode the same prices and quantities, contiguous and segmented.</summary>
    private void CheckSameValues()
    {
        long[] typical = BinanceTypicalClient.Mantissas(_message, Message, PriceDecimals, QuantityDecimals);
        _reader.Parse(_message);
        long[] reader = _reader.Values.ToArray();
        foreach (ReadOnlySequence<byte> message in new[] { _contiguous, _segmented })
        {
            var sink = new BinanceBenchmarkSink(64);
            int events = _protocol.Decode(message, MessageKind.Text, ReceiveTimeNs, ref sink);
            if (events == 0 || _protocol.Diagnostics.TotalErrors != 0)
            {
                throw new InvalidOperationException($"The {Message} benchmark message does not decode: {_protocol.Diagnostics.LastMessage}");
            }

            long[] ours = OurValues(sink, events);
            if (!ours.AsSpan().SequenceEqual(typical) || !reader.AsSpan().SequenceEqual(typical))
            {
                throw new InvalidOperationException($"{Message}: ours [{string.Join(',', ours)}], reader client [{string.Join(',', reader)}] and typical client [{string.Join(',', typical)}] differ");
            }
        }
    }

    private static long[] OurValues(BinanceBenchmarkSink sink, int events)
    {
        var values = new List<long>();
        var bids = new List<long>();
        var asks = new List<long>();
        for (int i = 0; i < events; i++)
        {
            MarketEvent e = sink.At(i);
            switch (e.Header.Kind)
            {
                case EventKind.Tick:
                    values.Add(e.Tick.LastPrice);
                    values.Add(e.Tick.LastQuantity);
                    break;
                case EventKind.Quote:
                    values.AddRange([e.Quote.BidPrice, e.Quote.BidQuantity, e.Quote.AskPrice, e.Quote.AskQuantity]);
                    break;
                case EventKind.Depth:
                    ReadOnlySpan<DepthLevel> levels = e.Depth.Levels;
                    for (int l = 0; l < e.Depth.BidCount + e.Depth.AskCount; l++)
                    {
                        List<long> side = l < e.Depth.BidCount ? bids : asks;
                        side.Add(levels[l].Price);
                        side.Add(levels[l].Quantity);
                    }

                    break;
            }
        }

        values.AddRange(bids);
        values.AddRange(asks);
        return [.. values];
    }

    private sealed class Config : ParserBenchmarkJob
    {
        public Config() => AddColumn(new BinanceNsPerByteColumn());
    }

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
