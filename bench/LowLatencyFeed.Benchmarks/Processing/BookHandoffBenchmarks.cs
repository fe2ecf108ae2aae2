using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Books;

namespace LowLatencyFeed.Benchmarks.Processing;

/// <summary>
/// Handing a 200 + 200-level book from the book thread to API readers, per update (a one-level diff, then the
/// hand-off). Baseline: a fresh immutable copy per update published by reference (the usual way, allocating 2 × 4 KB);
/// also a copy into preallocated arrays under a lock; ours: the seqlock board written at batch end.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BookHandoffBenchmarks
{
    private const int Levels = 200;
    private static readonly InstrumentId s_instrument = InstrumentId.From(FeedKind.Dhan, 1333);

    private readonly MarketEvent[] _diffs = new MarketEvent[2];
    private readonly object _gate = new();
    private readonly DepthLevel[] _lockedBids = new DepthLevel[Levels];
    private readonly DepthLevel[] _lockedAsks = new DepthLevel[Levels];
    private BookBuilder _plain = null!;
    private BookBuilder _boarded = null!;
    private ImmutableBook? _published;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _plain = Create(board: null);
        _boarded = Create(new BookSnapshotBoard());
        for (int s = 0; s < 2; s++)
        {
            ref MarketEvent e = ref _diffs[s];
            e = Header();
            e.Depth.UpdateKind = DepthUpdateKind.Diff;
            e.Depth.BidCount = 1;
            e.Depth.Levels[0] = new DepthLevel(1_000_000 - 50, 100 + s, 1);
        }
    }

    [Benchmark(Baseline = true, Description = "immutable copy per update, published by reference")]
    public int ImmutableCopy()
    {
        _plain.OnEvent(in _diffs[_next ^= 1]);
        OrderBook book = _plain.GetBook(s_instrument)!;
        var snapshot = new ImmutableBook(book.Bids.ToArray(), book.Asks.ToArray());
        Volatile.Write(ref _published, snapshot);
        return snapshot.Bids.Length;
    }

    [Benchmark(Description = "copy into preallocated arrays under a lock")]
    public int LockedCopy()
    {
        _plain.OnEvent(in _diffs[_next ^= 1]);
        OrderBook book = _plain.GetBook(s_instrument)!;
        lock (_gate)
        {
            book.Bids.CopyTo(_lockedBids);
            book.Asks.CopyTo(_lockedAsks);
        }

        return _lockedBids.Length;
    }

    [Benchmark(Description = "seqlock board (BookBuilder.PublishSnapshots)")]
    public long SeqlockBoard()
    {
        _boarded.OnEvent(in _diffs[_next ^= 1]);
        _boarded.PublishSnapshots();
        return _boarded.Updates;
    }

    private static BookBuilder Create(BookSnapshotBoard? board)
    {
        var pool = new DepthSlabPool(1, Levels);
        int slab = pool.Claim();
        Span<DepthLevel> bids = pool.WritableBids(slab);
        Span<DepthLevel> asks = pool.WritableAsks(slab);
        for (int i = 0; i < Levels; i++)
        {
            bids[i] = new DepthLevel(1_000_000 - (5 * i), 1 + i, 1);
            asks[i] = new DepthLevel(1_000_005 + (5 * i), 1 + i, 1);
        }

        pool.Commit(slab, 0);
        var builder = new BookBuilder(new BookOptions { EmitMetrics = false }, null, new BenchDerivedSink(), pool);
        if (board is not null)
        {
            builder.AttachSnapshots(board);
        }

        MarketEvent snapshot = Header();
        snapshot.Depth.UpdateKind = DepthUpdateKind.Snapshot;
        snapshot.Depth.SlabIndex = slab;
        snapshot.Depth.BidCount = Levels;
        snapshot.Depth.AskCount = Levels;
        builder.OnEvent(in snapshot);
        return builder;
    }

    private static MarketEvent Header()
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Depth;
        e.Header.Feed = FeedKind.Dhan;
        e.Header.Instrument = s_instrument;
        e.Header.PriceDecimals = 2;
        e.Header.ExchangeTimeNs = 1_719_964_800_000_000_000L;
        e.Depth.SlabIndex = -1;
        return e;
    }

    private sealed record ImmutableBook(DepthLevel[] Bids, DepthLevel[] Asks);
}
