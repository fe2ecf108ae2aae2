using System.Buffers;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// Decoding one Dhan main-feed message of <see cref="PacketsPerMessage"/> packets, reported per packet: our
/// zero-allocation parser (span and multi-segment) against a typical C# client as baseline (<see cref="DhanTypicalClient"/>:
/// typed packets, decimal prices, a list per depth side). The setup checks that both decode the same values.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ParserBenchmarkJob))]
public class DhanParserBenchmarks
{
    public const int PacketsPerMessage = 200;

    private const long ReceiveTimeNs = 1_719_984_600_000_000_000;

    private byte[] _message = [];
    private ReadOnlySequence<byte> _segmented;
    private DhanProtocol _protocol = null!;
    private DhanBenchmarkSink _sink;

    /// <summary>Packet kinds: all full (162 B), all quote (50 B), all ticker (16 B), or a mix.</summary>
    [Params("Full", "Quote", "Ticker", "Mixed")]
    public string Packets { get; set; } = "Full";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var subscriptions = new List<Subscription>();
        byte[] buffer = new byte[PacketsPerMessage * DhanPacketLayout.FullLength];
        int length = 0;
        for (int i = 0; i < PacketsPerMessage; i++)
        {
            uint securityId = (uint)(1000 + (i % 50));
            if (i < 50)
            {
                subscriptions.Add(new Subscription(InstrumentId.From(FeedKind.Dhan, securityId), string.Empty, "NSE_EQ", SubscriptionMode.Full, 2, 0));
            }

            MarketEvent tick = Tick(random);
            DepthLevel[] bids = [.. Enumerable.Range(1, 5).Select(k => new DepthLevel(tick.Tick.LastPrice - (5 * k), random.Next(1, 5000), random.Next(1, 50)))];
            DepthLevel[] asks = [.. Enumerable.Range(1, 5).Select(k => new DepthLevel(tick.Tick.LastPrice + (5 * k), random.Next(1, 5000), random.Next(1, 50)))];
            string kind = Packets == "Mixed" ? (i % 3) switch { 0 => "Full", 1 => "Quote", _ => "Ticker" } : Packets;
            length += kind switch
            {
                "Full" => DhanEncoder.WriteFull(buffer.AsSpan(length), DhanExchangeSegment.NseEq, securityId, in tick, bids, asks),
                "Quote" => DhanEncoder.WriteQuote(buffer.AsSpan(length), DhanExchangeSegment.NseEq, securityId, in tick),
                _ => DhanEncoder.WriteTicker(buffer.AsSpan(length), DhanExchangeSegment.NseEq, securityId, in tick),
            };
        }

        _message = buffer.AsSpan(0, length).ToArray();
        _segmented = DhanBenchSequence.Chunked(_message, 4096);
        _protocol = new DhanProtocol(subscriptions: subscriptions);
        _sink = new DhanBenchmarkSink(1024);
        CheckSameValues();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PacketsPerMessage)]
    public int TypicalClient() => DhanTypicalClient.Parse(_message).Count;

    [Benchmark(OperationsPerInvoke = PacketsPerMessage)]
    public int ZeroAllocSpan() => _protocol.Decode(_message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref _sink);

    [Benchmark(OperationsPerInvoke = PacketsPerMessage)]
    public int ZeroAllocSegmented() => _protocol.Decode(_segmented, MessageKind.Binary, ReceiveTimeNs, ref _sink);

    /// <summary>Ours and the baseline must agree packet by packet: token, prices, quantities and every depth level.</summary>
    private void CheckSameValues()
    {
        var sink = new DhanBenchmarkSink(1024);
        int events = _protocol.Decode(_message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        BaselineCheck.EachPacket("Dhan " + Packets, sink, events, _protocol.Diagnostics.TotalErrors, DhanTypicalClient.Parse(_message), PacketsPerMessage, CheckPacket);
    }

    private static void CheckPacket(in MarketEvent e, DhanTypicalClient.Tick tick, string at, decimal scale)
    {
        switch (e.Header.Kind)
        {
            case EventKind.Tick:
                BaselineCheck.Value(at, "security id", e.Header.Instrument.Token, tick.SecurityId);
                BaselineCheck.Price(at, "last price", e.Tick.LastPrice, tick.LastPrice, scale);
                if (tick.Code != 2)
                {
                    BaselineCheck.Value(at, "last quantity", e.Tick.LastQuantity, tick.LastQuantity);
                    BaselineCheck.VolumeAndTotals(at, e, tick.AveragePrice, tick.Volume, tick.TotalBuyQuantity, tick.TotalSellQuantity, scale);
                    BaselineCheck.OpenHighLow(at, e, tick.Open, tick.High, tick.Low, scale);
                }

                if (tick.Code == 8)
                {
                    BaselineCheck.Value(at, "open interest", e.Tick.OpenInterest, tick.OpenInterest);
                }

                break;
            case EventKind.Depth:
                BaselineCheck.That(e.Depth.SlabIndex < 0, at, "five levels a side should travel inline");
                ReadOnlySpan<DepthLevel> levels = e.Depth.Levels;
                BaselineCheck.Levels(at, "bid", levels[..e.Depth.BidCount], Rows(tick.Bids), scale);
                BaselineCheck.Levels(at, "ask", levels.Slice(e.Depth.BidCount, e.Depth.AskCount), Rows(tick.Asks), scale);
                break;
            default:
                BaselineCheck.That(false, at, $"unexpected {e.Header.Kind} event");
                break;
        }
    }

    /// <summary>The baseline's levels as (price, quantity, orders).</summary>
    internal static List<(decimal Price, long Quantity, int Orders)> Rows(List<DhanTypicalClient.Level> levels) =>
        [.. levels.Select(level => (level.Price, level.Quantity, level.Orders))];

    private static MarketEvent Tick(Random random)
    {
        var tick = new MarketEvent();
        tick.Header.PriceDecimals = 2;
        tick.Tick.LastPrice = random.Next(10_000, 5_000_000);
        tick.Tick.LastQuantity = random.Next(1, 1000);
        tick.Tick.AveragePrice = tick.Tick.LastPrice - 50;
        tick.Tick.CumulativeVolume = random.Next();
        tick.Tick.TotalBuyQuantity = random.Next();
        tick.Tick.TotalSellQuantity = random.Next();
        tick.Tick.Open = tick.Tick.LastPrice - 100;
        tick.Tick.High = tick.Tick.LastPrice + 200;
        tick.Tick.Low = tick.Tick.LastPrice - 300;
        tick.Tick.LastTradeTimeNs = ReceiveTimeNs;
        return tick;
    }
}
