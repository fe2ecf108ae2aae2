using System.Buffers;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// Decoding one HSM data frame of <see cref="RecordsPerFrame"/> records, reported per record: our zero-allocation parser
/// (span and multi-segment; topic cache warm, frames numbered so the ACK path runs) against a typical C# client
/// (<see cref="KotakHsmTypicalClient"/>: merged int values per topic, one typed update per record, decimal prices). The
/// setup checks that both decode the same values.
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
        CheckSameValues();
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

    /// <summary>
    /// Ours and the baseline must agree record by record: a scrip record gives our Tick (and Quote), an index record an
    /// index Tick, a depth record a Depth; every field ours flags present equals the baseline's merged value.
    /// </summary>
    private void CheckSameValues()
    {
        string where = "Kotak HSM " + Records;
        List<KotakHsmTypicalUpdate> updates = _typical.Parse(_unnumbered);
        var sink = new DhanBenchmarkSink(1024);
        int events = _protocol.Decode(_frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        _protocol.TryTakeReply(out _);
        BaselineCheck.That(_protocol.Diagnostics.TotalErrors == 0, where, $"ours reported {_protocol.Diagnostics.TotalErrors} errors");
        BaselineCheck.Value(where, "baseline records", updates.Count, RecordsPerFrame);
        int next = 0;
        EventKind previous = EventKind.Control;
        for (int i = 0; i < events; i++)
        {
            MarketEvent e = sink.At(i);
            decimal scale = BaselineCheck.Scale(e.Header.PriceDecimals);

            // A scrip record publishes its Tick, then its Quote: the Quote after a Tick belongs to the same record.
            KotakHsmTypicalUpdate update = e.Header.Kind == EventKind.Quote && previous == EventKind.Tick ? updates[next - 1] : updates[next++];
            previous = e.Header.Kind;
            string at = $"{where}, record {next - 1} ({update.Topic})";
            if (update.Token is uint token)
            {
                BaselineCheck.Value(at, "token", e.Header.Instrument.Token, token);
            }

            switch (e.Header.Kind)
            {
                case EventKind.Tick:
                    BaselineCheck.That(update.Kind is "sf" or "if", at, $"our Tick for a {update.Kind} record");
                    TickFields fields = e.Tick.Fields;
                    if ((fields & TickFields.LastPrice) != 0)
                    {
                        BaselineCheck.Price(at, "last price", e.Tick.LastPrice, update.LastPrice, scale);
                    }

                    if ((fields & TickFields.DayOhl) != 0)
                    {
                        BaselineCheck.Price(at, "open", e.Tick.Open, update.Open, scale);
                        BaselineCheck.Price(at, "high", e.Tick.High, update.High, scale);
                        BaselineCheck.Price(at, "low", e.Tick.Low, update.Low, scale);
                    }

                    if ((fields & TickFields.Close) != 0)
                    {
                        BaselineCheck.Price(at, "close", e.Tick.Close, update.Close, scale);
                    }

                    if ((fields & TickFields.LastQuantity) != 0)
                    {
                        BaselineCheck.Value(at, "last quantity", e.Tick.LastQuantity, update.LastQuantity);
                    }

                    if ((fields & TickFields.CumulativeVolume) != 0)
                    {
                        BaselineCheck.Value(at, "volume", e.Tick.CumulativeVolume, update.Volume);
                    }

                    if ((fields & TickFields.AveragePrice) != 0)
                    {
                        BaselineCheck.Price(at, "average price", e.Tick.AveragePrice, update.AveragePrice, scale);
                    }

                    break;
                case EventKind.Quote:
                    BaselineCheck.Price(at, "bid price", e.Quote.BidPrice, update.BidPrice, scale);
                    BaselineCheck.Value(at, "bid quantity", e.Quote.BidQuantity, update.BidQuantity);
                    BaselineCheck.Price(at, "ask price", e.Quote.AskPrice, update.AskPrice, scale);
                    BaselineCheck.Value(at, "ask quantity", e.Quote.AskQuantity, update.AskQuantity);
                    break;
                case EventKind.Depth:
                    BaselineCheck.That(e.Depth.SlabIndex < 0, at, "five levels a side should travel inline");
                    ReadOnlySpan<DepthLevel> levels = e.Depth.Levels;
                    BaselineCheck.Levels(at, "bid", levels[..e.Depth.BidCount], KotakTypicalMarketState.Rows(update.Bids), scale);
                    BaselineCheck.Levels(at, "ask", levels.Slice(e.Depth.BidCount, e.Depth.AskCount), KotakTypicalMarketState.Rows(update.Asks), scale);
                    break;
                default:
                    BaselineCheck.That(false, at, $"unexpected {e.Header.Kind} event");
                    break;
            }
        }

        BaselineCheck.Value(where, "records decoded by ours", next, updates.Count);
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
