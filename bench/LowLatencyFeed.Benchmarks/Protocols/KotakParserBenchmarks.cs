using System.Buffers;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// Decoding one SFeed binary frame of <see cref="PacketsPerFrame"/> packets, reported per packet: our zero-allocation
/// parser (span and multi-segment) against a typical C# client (<see cref="KotakTypicalClient"/>: typed packets,
/// decimal prices, a list per depth side). The setup checks that both decode the same values.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ParserBenchmarkJob))]
public class KotakParserBenchmarks
{
    public const int PacketsPerFrame = 100;

    private const long ReceiveTimeNs = 1_719_984_600_000_000_000;

    private byte[] _frame = [];
    private ReadOnlySequence<byte> _segmented;
    private KotakSFeedProtocol _protocol = null!;
    private DhanBenchmarkSink _sink;
    private DepthSlabPool _slabs = null!;

    /// <summary>Packet kinds: touch line (level 4), depth (level 8, 5+5), full depth (level 16, 20+20) or a mix with mini touch lines and indices.</summary>
    [Params("TouchLine", "Depth", "FullDepth", "Mixed")]
    public string Packets { get; set; } = "TouchLine";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        var subscriptions = new List<Subscription>();
        byte[] buffer = new byte[PacketsPerFrame * KotakSFeedEncoder.MarketPictureLength(20, 20)];
        int length = 0;
        for (int i = 0; i < PacketsPerFrame; i++)
        {
            uint token = (uint)(2000 + (i % 50));
            if (i < 50)
            {
                subscriptions.Add(new Subscription(InstrumentId.From(FeedKind.Kotak, token), $"nse_cm|{token}", string.Empty, SubscriptionMode.Full, 2, 0));
            }

            var tick = new MarketEvent();
            tick.Header.PriceDecimals = 2;
            tick.Header.ExchangeTimeNs = ReceiveTimeNs;
            tick.Tick.LastPrice = random.Next(10_000, 5_000_000);
            tick.Tick.LastQuantity = random.Next(1, 1000);
            tick.Tick.AveragePrice = tick.Tick.LastPrice - 50;
            tick.Tick.CumulativeVolume = random.Next();
            tick.Tick.Open = tick.Tick.LastPrice - 100;
            tick.Tick.High = tick.Tick.LastPrice + 200;
            tick.Tick.Low = tick.Tick.LastPrice - 300;
            tick.Tick.Close = tick.Tick.LastPrice - 10;
            tick.Tick.LastTradeTimeNs = ReceiveTimeNs;
            string kind = Packets == "Mixed" ? (i % 4) switch { 0 => "TouchLine", 1 => "Depth", 2 => "Mini", _ => "Index" } : Packets;
            int rows = kind switch { "TouchLine" => 1, "Depth" => 5, _ => 20 };
            DepthLevel[] bids = [.. Enumerable.Range(1, rows).Select(k => new DepthLevel(tick.Tick.LastPrice - (5 * k), random.Next(1, 5000), random.Next(1, 50)))];
            DepthLevel[] asks = [.. Enumerable.Range(1, rows).Select(k => new DepthLevel(tick.Tick.LastPrice + (5 * k), random.Next(1, 5000), random.Next(1, 50)))];
            length += kind switch
            {
                "Mini" => KotakSFeedEncoder.WriteMiniTouchLine(buffer.AsSpan(length), 1, token, in tick),
                "Index" => KotakSFeedEncoder.WriteIndex(buffer.AsSpan(length), 1, token, "Nifty 50", in tick),
                "TouchLine" => KotakSFeedEncoder.WriteMarketPicture(buffer.AsSpan(length), KotakLevel.TouchLine, 1, token, in tick, bids, asks),
                "Depth" => KotakSFeedEncoder.WriteMarketPicture(buffer.AsSpan(length), KotakLevel.Depth, 1, token, in tick, bids, asks),
                _ => KotakSFeedEncoder.WriteMarketPicture(buffer.AsSpan(length), KotakLevel.FullDepth, 1, token, in tick, bids, asks),
            };
        }

        _frame = buffer.AsSpan(0, length).ToArray();
        _segmented = DhanBenchSequence.Chunked(_frame, 4096);
        _slabs = new DepthSlabPool(256, 200);
        _protocol = new KotakSFeedProtocol(subscriptions: subscriptions, slabs: _slabs);
        _sink = new DhanBenchmarkSink(1024);
        CheckSameValues();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PacketsPerFrame)]
    public int TypicalClient() => KotakTypicalClient.Parse(_frame, 100m).Count;

    [Benchmark(OperationsPerInvoke = PacketsPerFrame)]
    public int ZeroAllocSpan() => _protocol.Decode(_frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref _sink);

    [Benchmark(OperationsPerInvoke = PacketsPerFrame)]
    public int ZeroAllocSegmented() => _protocol.Decode(_segmented, MessageKind.Binary, ReceiveTimeNs, ref _sink);

    /// <summary>
    /// Ours and the baseline must agree packet by packet: token, prices (mantissa = decimal × 10^decimals), quantities,
    /// and the quote (touch line) or every depth row (depth, full depth).
    /// </summary>
    private void CheckSameValues()
    {
        var sink = new DhanBenchmarkSink(1024);
        int events = _protocol.Decode(_frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        BaselineCheck.EachPacket("Kotak SFeed " + Packets, sink, events, _protocol.Diagnostics.TotalErrors, KotakTypicalClient.Parse(_frame, 100m), PacketsPerFrame, CheckPacket);
    }

    private void CheckPacket(in MarketEvent e, KotakTypicalPacket packet, string at, decimal scale)
    {
        switch (e.Header.Kind)
        {
            case EventKind.Tick:
                BaselineCheck.Value(at, "token", e.Header.Instrument.Token, packet.Token);
                BaselineCheck.Price(at, "last price", e.Tick.LastPrice, packet.LastPrice, scale);
                BaselineCheck.Price(at, "close", e.Tick.Close, packet.Close, scale);
                if (packet.Code != 7207)
                {
                    BaselineCheck.Value(at, "last quantity", e.Tick.LastQuantity, packet.LastQuantity);
                }

                if (packet.Code == 7207 || packet.Level > 1)
                {
                    BaselineCheck.OpenHighLow(at, e, packet.Open, packet.High, packet.Low, scale);
                }

                if (packet.Code != 7207 && packet.Level > 1)
                {
                    BaselineCheck.VolumeAndTotals(at, e, packet.AveragePrice, packet.Volume, packet.TotalBuyQuantity, packet.TotalSellQuantity, scale);
                }

                break;
            case EventKind.Quote:
                BaselineCheck.Price(at, "bid price", e.Quote.BidPrice, packet.Bids[0].Price, scale);
                BaselineCheck.Value(at, "bid quantity", e.Quote.BidQuantity, packet.Bids[0].Quantity);
                BaselineCheck.Price(at, "ask price", e.Quote.AskPrice, packet.Asks[0].Price, scale);
                BaselineCheck.Value(at, "ask quantity", e.Quote.AskQuantity, packet.Asks[0].Quantity);
                break;
            case EventKind.Depth:
                MarketEvent depth = e;
                BaselineCheck.Levels(at, "bid", _slabs.Bids(ref depth.Depth), KotakTypicalMarketState.Rows(packet.Bids), scale);
                BaselineCheck.Levels(at, "ask", _slabs.Asks(ref depth.Depth), KotakTypicalMarketState.Rows(packet.Asks), scale);
                break;
            default:
                BaselineCheck.That(false, at, $"unexpected {e.Header.Kind} event");
                break;
        }
    }
}
