using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Signals;

namespace LowLatencyFeed.Benchmarks.Processing;

/// <summary>
/// ns per 200 + 200-level snapshot (Dhan 200-depth through the slab pool) applied with metrics, signal and a published
/// sample. Baseline: decimal SortedDictionary sides under a lock with a full metrics walk. Two different snapshots alternate.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BookSnapshotBenchmarks
{
    private const int Levels = 200;

    private readonly MarketEvent[] _events = new MarketEvent[2];
    private readonly decimal[][] _bidPrices = new decimal[2][];
    private readonly decimal[][] _bidQuantities = new decimal[2][];
    private readonly decimal[][] _askPrices = new decimal[2][];
    private readonly decimal[][] _askQuantities = new decimal[2][];
    private BookBuilder _builder = null!;
    private NaiveOrderBook _naive = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var pool = new DepthSlabPool(2, Levels);
        var random = new Random(3);
        for (int s = 0; s < 2; s++)
        {
            int slab = pool.Claim();
            Span<DepthLevel> bids = pool.WritableBids(slab);
            Span<DepthLevel> asks = pool.WritableAsks(slab);
            _bidPrices[s] = new decimal[Levels];
            _bidQuantities[s] = new decimal[Levels];
            _askPrices[s] = new decimal[Levels];
            _askQuantities[s] = new decimal[Levels];
            for (int i = 0; i < Levels; i++)
            {
                bids[i] = new DepthLevel(1_000_000 - (5 * i) - s, random.Next(1, 10_000), random.Next(1, 50));
                asks[i] = new DepthLevel(1_000_005 + (5 * i) + s, random.Next(1, 10_000), random.Next(1, 50));
                _bidPrices[s][i] = FixedPoint.ToDecimal(bids[i].Price, 2);
                _bidQuantities[s][i] = bids[i].Quantity;
                _askPrices[s][i] = FixedPoint.ToDecimal(asks[i].Price, 2);
                _askQuantities[s][i] = asks[i].Quantity;
            }

            ref MarketEvent e = ref _events[s];
            e.Header.Kind = EventKind.Depth;
            e.Header.Feed = FeedKind.Dhan;
            e.Header.Instrument = InstrumentId.From(FeedKind.Dhan, 1333);
            e.Header.PriceDecimals = 2;
            e.Header.ExchangeTimeNs = 1_719_964_800_000_000_000L + s;
            e.Depth.UpdateKind = DepthUpdateKind.Snapshot;
            e.Depth.SlabIndex = slab;
            e.Depth.BidCount = Levels;
            e.Depth.AskCount = Levels;
            pool.Commit(slab, s);
        }

        _builder = new BookBuilder(new BookOptions(), new SignalOptions(), new BenchDerivedSink(), pool);
        _naive = new NaiveOrderBook();
    }

    [Benchmark(Baseline = true, Description = "SortedDictionary<decimal> under lock + full walk")]
    public decimal NaiveSnapshot()
    {
        int s = _next ^= 1;
        _naive.Snapshot(_bidPrices[s], _bidQuantities[s], _askPrices[s], _askQuantities[s]);
        return _naive.LastImbalance;
    }

    [Benchmark(Description = "BookBuilder: slab snapshot + metrics + signal + sample")]
    public long BuilderSnapshot()
    {
        int s = _next ^= 1;
        _builder.OnEvent(in _events[s]);
        return _builder.Updates;
    }
}
