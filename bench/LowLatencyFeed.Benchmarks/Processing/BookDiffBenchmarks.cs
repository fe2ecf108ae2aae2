using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;

namespace LowLatencyFeed.Benchmarks.Processing;

/// <summary>
/// ns per single-level diff on a 200-level book, with metrics. Diffs update, remove and re-insert levels within the top
/// 40 so the book stays near 200 levels. Baseline: the same book with a full metrics recomputation over every level
/// (what incremental totals avoid); also the decimal SortedDictionary-under-lock style.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BookDiffBenchmarks
{
    private const int Diffs = 4096;
    private const int Levels = 200;

    private readonly int[] _depths = [1, 5, 20, 0];
    private MarketEvent[] _events = null!;
    private BookBuilder _builder = null!;
    private OrderBook _fullBook = null!;
    private NaiveOrderBook _naive = null!;
    private BookMetricsValues _metrics;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(9);
        var bids = new DepthLevel[Levels];
        var asks = new DepthLevel[Levels];
        var bidPrices = new decimal[Levels];
        var bidQuantities = new decimal[Levels];
        var askPrices = new decimal[Levels];
        var askQuantities = new decimal[Levels];
        for (int i = 0; i < Levels; i++)
        {
            bids[i] = new DepthLevel(1_000_000 - i, random.Next(1, 10_000), 0);
            asks[i] = new DepthLevel(1_000_001 + i, random.Next(1, 10_000), 0);
            (bidPrices[i], bidQuantities[i]) = (FixedPoint.ToDecimal(bids[i].Price, 2), bids[i].Quantity);
            (askPrices[i], askQuantities[i]) = (FixedPoint.ToDecimal(asks[i].Price, 2), asks[i].Quantity);
        }

        _events = new MarketEvent[Diffs];
        for (int i = 0; i < Diffs; i++)
        {
            bool bid = (i & 1) == 0;
            int offset = random.Next(40);
            long quantity = random.Next(4) == 0 ? 0 : random.Next(1, 10_000);
            ref MarketEvent e = ref _events[i];
            e.Header.Kind = EventKind.Depth;
            e.Header.Feed = FeedKind.Binance;
            e.Header.Instrument = InstrumentId.From(FeedKind.Binance, 1);
            e.Header.PriceDecimals = 2;
            e.Header.ExchangeTimeNs = 1_719_964_800_000_000_000L + i;
            e.Depth.UpdateKind = DepthUpdateKind.Diff;
            e.Depth.SlabIndex = -1;
            e.Depth.BidCount = (ushort)(bid ? 1 : 0);
            e.Depth.AskCount = (ushort)(bid ? 0 : 1);
            e.Depth.Levels[0] = new DepthLevel(bid ? 1_000_000 - offset : 1_000_001 + offset, quantity, 0);
        }

        _builder = new BookBuilder(new BookOptions(), new SignalOptions(), new BenchDerivedSink());
        MarketEvent snapshot = _events[0];
        snapshot.Depth.UpdateKind = DepthUpdateKind.Snapshot;
        _builder.Apply(in snapshot.Header, DepthUpdateKind.Snapshot, bids, asks);
        _fullBook = new OrderBook(Levels, _depths);
        _fullBook.ApplySnapshot(bids, asks);
        _naive = new NaiveOrderBook();
        _naive.Snapshot(bidPrices, bidQuantities, askPrices, askQuantities);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Diffs, Description = "OrderBook diff + full metrics recompute")]
    public double FullRecompute()
    {
        double sum = 0;
        MarketEvent[] events = _events;
        for (int i = 0; i < events.Length; i++)
        {
            ref DepthPayload depth = ref events[i].Depth;
            ReadOnlySpan<DepthLevel> levels = depth.Levels;
            _fullBook.ApplyDiff(levels[..depth.BidCount], levels.Slice(depth.BidCount, depth.AskCount));
            BookMetricsCalculator.ComputeFull(_fullBook.Bids, _fullBook.Asks, _depths, 2, ref _metrics);
            sum += _metrics.Windows[1].Imbalance;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Diffs, Description = "BookBuilder: diff + incremental metrics + signal + sample")]
    public long Incremental()
    {
        MarketEvent[] events = _events;
        BookBuilder builder = _builder;
        for (int i = 0; i < events.Length; i++)
        {
            builder.OnEvent(in events[i]);
        }

        return builder.Updates;
    }

    [Benchmark(OperationsPerInvoke = Diffs, Description = "SortedDictionary<decimal> under lock + full walk")]
    public decimal Naive()
    {
        MarketEvent[] events = _events;
        for (int i = 0; i < events.Length; i++)
        {
            ref DepthPayload depth = ref events[i].Depth;
            DepthLevel level = depth.Levels[0];
            _naive.Set(depth.BidCount == 1, FixedPoint.ToDecimal(level.Price, 2), level.Quantity);
        }

        return _naive.LastImbalance;
    }
}
