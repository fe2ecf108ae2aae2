using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests;

/// <summary>Steady state allocates nothing: bars on every timeframe, 200-level snapshots, diffs, clocks, signals.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Bar_aggregation_allocates_nothing_per_event()
    {
        var sink = new DerivedEventBuffer(1 << 16);
        var bars = new BarAggregator(new BarOptions { Timeframes = [.. BarOptions.DefaultTimeframes.Select(t => t with { EmitFlatBars = true })] }, sink);
        MarketEvent[] events = new MarketEvent[20_000];
        long time = July3Utc + (3 * Hour);
        for (int i = 0; i < events.Length; i++)
        {
            time += 250_000_000;
            events[i] = (i % 50) switch
            {
                0 => Clock(time),
                < 25 => Trade(BtcUsdt, time, 6_000_000 + (i % 97), 1 + (i % 5)),
                _ => Ticker(Reliance, time, 250_000 + (i % 13), i),
            };
        }

        Run(bars, sink, events.AsSpan(0, 2000)); // warm up: first-seen instruments, JIT, calendars
        long fewest = FewestBytesPerChunk(events.AsSpan(2000), chunk => Run(bars, sink, chunk));

        Assert.True(bars.BarsEmitted > 1000);
        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Book_building_allocates_nothing_per_event()
    {
        var sink = new DerivedEventBuffer(1 << 16);
        var pool = new DepthSlabPool(8);
        var books = new BookBuilder(new BookOptions(), new SignalOptions { MinPersistence = TimeSpan.FromMilliseconds(1) }, sink, pool);
        var events = new MarketEvent[10_000];
        long time = July3Utc;
        for (int i = 0; i < events.Length; i++)
        {
            time += 1_000_000;
            if (i % 100 == 0)
            {
                events[i] = Depth(BtcUsdt, time, DepthUpdateKind.Snapshot, [], []);
                events[i].Depth.SlabIndex = i / 100 % 8;
                events[i].Depth.BidCount = 200;
                events[i].Depth.AskCount = 200;
            }
            else if (i % 100 == 50)
            {
                events[i] = Clock(time);
            }
            else
            {
                events[i] = Depth(BtcUsdt, time, DepthUpdateKind.Diff, [L(1_000_000 - (i % 40), i % 7)], [L(1_000_001 + (i % 40), (i * 3) % 11)]);
            }
        }

        for (int slab = 0; slab < 8; slab++)
        {
            Span<DepthLevel> bids = pool.WritableBids(slab);
            Span<DepthLevel> asks = pool.WritableAsks(slab);
            for (int i = 0; i < 200; i++)
            {
                bids[i] = L(1_000_000 - i, 1 + ((i + slab) % 17));
                asks[i] = L(1_000_001 + i, 1 + ((i * slab) % 13));
            }
        }

        RunBooks(books, sink, events.AsSpan(0, 1000));
        long fewest = FewestBytesPerChunk(events.AsSpan(1000), chunk => RunBooks(books, sink, chunk));

        Assert.Equal(events.Length, books.Updates + (events.Length / 100));
        Assert.Equal(0, fewest);
    }

    private delegate void ChunkRunner(ReadOnlySpan<MarketEvent> chunk);

    /// <summary>
    /// Runs <paramref name="events"/> in 5 consecutive chunks and returns the fewest bytes this thread allocated in any
    /// of them: a one-off runtime allocation (tiering, a helper) lands in one chunk, an allocation per event in all.
    /// </summary>
    private static long FewestBytesPerChunk(ReadOnlySpan<MarketEvent> events, ChunkRunner run)
    {
        const int Chunks = 5;
        int size = events.Length / Chunks;
        long fewest = long.MaxValue;
        for (int i = 0; i < Chunks; i++)
        {
            ReadOnlySpan<MarketEvent> chunk = i == Chunks - 1 ? events[(i * size)..] : events.Slice(i * size, size);
            long before = GC.GetAllocatedBytesForCurrentThread();
            run(chunk);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }

    private static void Run(BarAggregator bars, DerivedEventBuffer sink, ReadOnlySpan<MarketEvent> events)
    {
        foreach (ref readonly MarketEvent e in events)
        {
            bars.OnEvent(in e);
            if (sink.Count > 60_000)
            {
                sink.Clear();
            }
        }
    }

    private static void RunBooks(BookBuilder books, DerivedEventBuffer sink, ReadOnlySpan<MarketEvent> events)
    {
        foreach (ref readonly MarketEvent e in events)
        {
            books.OnEvent(in e);
            if (sink.Count > 60_000)
            {
                sink.Clear();
            }
        }
    }
}
