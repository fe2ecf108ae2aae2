using System.Buffers;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// Decoding one Kite frame of <see cref="PacketsPerFrame"/> packets, reported per packet: our zero-allocation parser
/// (span fast path and a multi-segment message) against the official .NET client's way as baseline
/// (<see cref="KiteTypicalClientParser"/>: struct ticks, shifts, decimal prices, one callback per tick). The setup
/// checks that both decode the same values.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ParserBenchmarkJob))]
public class KiteParserBenchmarks
{
    public const int PacketsPerFrame = 200;

    private const long ReceiveTimeNs = 1_625_461_890_000_000_000;

    private byte[] _frame = [];
    private ReadOnlySequence<byte> _segmented;
    private KiteProtocol _protocol = null!;
    private KiteBenchmarkSink _sink;

    /// <summary>Which packets the frame holds: all full (184 B), all quote (44 B), all ltp (8 B), or a full/quote/ltp/index mix.</summary>
    [Params("Full", "Quote", "Ltp", "Mixed")]
    public string Packets { get; set; } = "Full";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var buffer = new byte[KiteEncoder.MaxFrameLength(PacketsPerFrame)];
        var writer = new KiteFrameWriter(buffer);
        for (int i = 0; i < PacketsPerFrame; i++)
        {
            KiteMode mode = Packets switch
            {
                "Full" => KiteMode.Full,
                "Quote" => KiteMode.Quote,
                "Ltp" => KiteMode.Ltp,
                _ => (KiteMode)(i % 3),
            };
            bool index = Packets == "Mixed" && i % 10 == 9;
            var (tick, depth) = Event(random, index);
            writer.TryAppend(tick, depth, mode);
        }

        _frame = writer.WrittenSpan.ToArray();
        _segmented = Segments(_frame, 4096);
        _protocol = new KiteProtocol();
        _sink = new KiteBenchmarkSink(1024);
        CheckSameValues();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PacketsPerFrame)]
    public int TypicalClient() => KiteTypicalClientParser.Parse(_frame, _frame.Length, s_onTick);

    [Benchmark(OperationsPerInvoke = PacketsPerFrame)]
    public int ZeroAllocSpan() => _protocol.Decode(_frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref _sink);

    [Benchmark(OperationsPerInvoke = PacketsPerFrame)]
    public int ZeroAllocSegmented() => _protocol.Decode(_segmented, MessageKind.Binary, ReceiveTimeNs, ref _sink);

    private static readonly Action<KiteTypicalTick> s_onTick = static tick => s_lastToken = tick.InstrumentToken;
    private static uint s_lastToken;

    /// <summary>Ours and the baseline must agree on every packet's token, last price (raw = decimal × divisor) and depth.</summary>
    private void CheckSameValues()
    {
        var ticks = new List<KiteTypicalTick>();
        KiteTypicalClientParser.Parse(_frame, _frame.Length, ticks.Add);
        var sink = new KiteBenchmarkSink(1024);
        int events = _protocol.Decode(_frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        if (_protocol.Diagnostics.TotalErrors != 0 || ticks.Count != PacketsPerFrame)
        {
            throw new InvalidOperationException($"Kite {Packets}: {_protocol.Diagnostics.TotalErrors} errors, {ticks.Count} baseline ticks");
        }

        int tickIndex = 0;
        for (int i = 0; i < events; i++)
        {
            MarketEvent e = sink.At(i);
            decimal scale = (decimal)Math.Pow(10, e.Header.PriceDecimals);
            if (e.Header.Kind == EventKind.Tick)
            {
                KiteTypicalTick tick = ticks[tickIndex++];
                if (e.Header.Instrument.Token != tick.InstrumentToken || e.Tick.LastPrice != tick.LastPrice * scale)
                {
                    throw new InvalidOperationException($"Kite {Packets}: packet {tickIndex} differs: ours {e.Header.Instrument.Token} {e.Tick.LastPrice}, baseline {tick.InstrumentToken} {tick.LastPrice}");
                }
            }
            else if (e.Header.Kind == EventKind.Depth)
            {
                KiteTypicalTick tick = ticks[tickIndex - 1];
                ReadOnlySpan<DepthLevel> levels = e.Depth.Levels;
                for (int l = 0; l < 10; l++)
                {
                    KiteTypicalDepthItem item = l < 5 ? tick.Bids![l] : tick.Offers![l - 5];
                    if (levels[l].Price != item.Price * scale || levels[l].Quantity != item.Quantity || levels[l].Orders != item.Orders)
                    {
                        throw new InvalidOperationException($"Kite {Packets}: depth level {l} of packet {tickIndex} differs");
                    }
                }
            }
        }

        if (tickIndex != ticks.Count)
        {
            throw new InvalidOperationException($"Kite {Packets}: ours decoded {tickIndex} ticks, the baseline {ticks.Count}");
        }
    }

    private static (MarketEvent Tick, MarketEvent Depth) Event(Random random, bool index)
    {
        long token = ((long)random.Next(1, 1 << 20) << 8) | (index ? 9L : 1L);
        var tick = new MarketEvent();
        tick.Header.Kind = EventKind.Tick;
        tick.Header.PriceDecimals = 2;
        tick.Header.Instrument = InstrumentId.From(FeedKind.Kite, token);
        tick.Header.ExchangeTimeNs = ReceiveTimeNs;
        tick.Tick.LastPrice = random.Next(10_000, 5_000_000);
        tick.Tick.LastQuantity = random.Next(1, 1000);
        tick.Tick.AveragePrice = tick.Tick.LastPrice - 50;
        tick.Tick.CumulativeVolume = random.Next();
        tick.Tick.TotalBuyQuantity = random.Next();
        tick.Tick.TotalSellQuantity = random.Next();
        tick.Tick.Open = tick.Tick.LastPrice - 100;
        tick.Tick.High = tick.Tick.LastPrice + 200;
        tick.Tick.Low = tick.Tick.LastPrice - 300;
        tick.Tick.Close = tick.Tick.LastPrice - 10;
        tick.Tick.NetChange = 10;
        tick.Tick.LastTradeTimeNs = ReceiveTimeNs;
        tick.Tick.Fields = TickFields.LastTradeTime;

        var depth = new MarketEvent();
        depth.Header = tick.Header;
        depth.Header.Kind = EventKind.Depth;
        depth.Depth.BidCount = 5;
        depth.Depth.AskCount = 5;
        depth.Depth.SlabIndex = -1;
        for (int i = 0; i < InlineDepthLevels.Capacity; i++)
        {
            long offset = i < 5 ? -5 * (i + 1) : 5 * (i - 4);
            depth.Depth.Levels[i] = new DepthLevel(tick.Tick.LastPrice + offset, random.Next(1, 5000), random.Next(1, 50));
        }

        return (tick, depth);
    }

    private static ReadOnlySequence<byte> Segments(byte[] data, int size)
    {
        var first = new BenchSegment(data.AsMemory(0, Math.Min(size, data.Length)), 0);
        BenchSegment last = first;
        for (int at = size; at < data.Length; at += size)
        {
            last = last.Append(data.AsMemory(at, Math.Min(size, data.Length - at)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class BenchSegment : ReadOnlySequenceSegment<byte>
    {
        public BenchSegment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public BenchSegment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new BenchSegment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
