using System.Buffers;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// Decoding one HSM data frame of <see cref="RecordsPerFrame"/> records, reported per record: our zero-allocation parser
/// (span and multi-segment; topic cache warm, frames numbered so the ACK path runs) against an SDK-like baseline that
/// keeps boxed values per topic and builds a dictionary of strings per record.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ParserBenchmarkJob))]
public class KotakHsmParserBenchmarks
{
    public const int RecordsPerFrame = 100;

    private const long ReceiveTimeNs = 1_719_984_600_000_000_000;
    private const int Topics = 50;

    private byte[] _frame = [];
    private byte[] _unnumbered = [];
    private ReadOnlySequence<byte> _segmented;
    private KotakHsmProtocol _protocol = null!;
    private KotakHsmTypicalClient _typical = null!;
    private DhanBenchmarkSink _sink;

    /// <summary>Record kinds: scrip UPDATEs (a few changed fields), scrip SNAPs (full images), or scrip, depth and index UPDATEs mixed.</summary>
    [Params("Updates", "Snaps", "Mixed")]
    public string Records { get; set; } = "Updates";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        var subscriptions = new List<Subscription>();
        var snaps = new List<byte[]>();
        int[] values = new int[KotakHsmLayout.MaxFields];
        for (int i = 0; i < Topics; i++)
        {
            uint token = (uint)(2000 + i);
            subscriptions.Add(new Subscription(InstrumentId.From(FeedKind.Kotak, token), $"nse_cm|{token}", string.Empty, SubscriptionMode.Full, 2, 0));
            KotakHsmEncoder.ScripValues(values, Tick(random), new QuotePayload { BidPrice = 100_000, BidQuantity = 10, AskPrice = 100_005, AskQuantity = 20 }, 1, 2);
            snaps.Add(KotakHsmEncoder.Snap(1000 + i, $"sf|nse_cm|{token}", values.AsSpan(0, KotakHsmEncoder.ScripValueCount), [(52, token.ToString(System.Globalization.CultureInfo.InvariantCulture)), (53, "nse_cm")]));
            snaps.Add(KotakHsmEncoder.Snap(2000 + i, $"dp|nse_cm|{token}", [.. Enumerable.Range(0, KotakHsmEncoder.DepthValueCount).Select(f => f is 32 ? 1 : f is 33 ? 2 : 100_000 + f)]));
        }

        subscriptions.Add(new Subscription(InstrumentId.From(FeedKind.Kotak, 26000), "nse_cm|Nifty 50", string.Empty, SubscriptionMode.Quote, 2, 0));
        snaps.Add(KotakHsmEncoder.Snap(3000, "if|nse_cm|Nifty 50", [int.MinValue, int.MinValue, 2_200_000, 2_190_000, 1_719_984_600, 2_210_000, 2_180_000, 2_195_000, 1, 2]));

        var records = new List<byte[]>();
        for (int i = 0; i < RecordsPerFrame; i++)
        {
            int topic = i % Topics;
            string kind = Records == "Mixed" ? (i % 3) switch { 0 => "Updates", 1 => "Depth", _ => "Index" } : Records;
            records.Add(kind switch
            {
                "Snaps" => snaps[2 * topic],
                "Depth" => KotakHsmEncoder.Update(2000 + topic, [int.MinValue, int.MinValue, 100_010 + i, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue, 50 + i]),
                "Index" => KotakHsmEncoder.Update(3000, [int.MinValue, int.MinValue, 2_200_000 + i, int.MinValue, 1_719_984_600 + i]),
                _ => KotakHsmEncoder.Update(1000 + topic, [int.MinValue, int.MinValue, 1_719_984_601 + i, 1_719_984_601 + i, 5000 + i, 100_000 + i, 1 + i, int.MinValue, int.MinValue, 99_995 + i, 100_010 + i]),
            });
        }

        _protocol = new KotakHsmProtocol(new KotakHsmOptions(), subscriptions);
        _sink = new DhanBenchmarkSink(1024);
        byte[] connect = new byte[32];
        _protocol.Decode(connect.AsSpan(0, KotakHsmEncoder.WriteConnectResponse(connect, ok: true, ackInterval: 50)), MessageKind.Binary, ReceiveTimeNs, ref _sink);
        byte[] snapFrame = KotakHsmEncoder.DataFrame(1, [.. snaps]);
        _protocol.Decode(snapFrame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref _sink);

        _frame = KotakHsmEncoder.DataFrame(2, [.. records]);
        _segmented = DhanBenchSequence.Chunked(_frame, 4096);

        // The baseline reads frames without a message number (as the SDK does when no ACK interval was given).
        _unnumbered = WithoutNumber(_frame);
        _typical = new KotakHsmTypicalClient();
        _typical.Parse(WithoutNumber(snapFrame));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerFrame)]
    public int TypicalClient() => _typical.Parse(_unnumbered).Count;

    [Benchmark(OperationsPerInvoke = RecordsPerFrame)]
    public int ZeroAllocSpan()
    {
        int events = _protocol.Decode(_frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref _sink);
        _protocol.TryTakeReply(out _);
        return events;
    }

    [Benchmark(OperationsPerInvoke = RecordsPerFrame)]
    public int ZeroAllocSegmented()
    {
        int events = _protocol.Decode(_segmented, MessageKind.Binary, ReceiveTimeNs, ref _sink);
        _protocol.TryTakeReply(out _);
        return events;
    }

    private static byte[] WithoutNumber(byte[] numbered) => [.. numbered.AsSpan(0, 3), .. numbered.AsSpan(7)];

    private static MarketEvent Tick(Random random)
    {
        var tick = new MarketEvent();
        tick.Header.PriceDecimals = 2;
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
        tick.Tick.LastTradeTimeNs = ReceiveTimeNs;
        tick.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume | TickFields.TotalBuySell
            | TickFields.DayOhl | TickFields.Close | TickFields.LastTradeTime;
        return tick;
    }
}
