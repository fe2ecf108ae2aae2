using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Books;

public sealed class BookSnapshotBoardTests
{
    [Fact]
    public void A_changed_book_is_published_at_batch_end_with_its_levels_and_metrics()
    {
        var builder = new BookBuilder(new BookOptions(), null, new DerivedEventBuffer(1024));
        var board = new BookSnapshotBoard();
        builder.AttachSnapshots(board);
        MarketEvent snapshot = Depth(
            Reliance, July3Utc, DepthUpdateKind.Snapshot,
            [L(10000, 300, 3), L(9995, 100, 1), L(9990, 50, 1)],
            [L(10005, 100, 2), L(10010, 200, 4)],
            sequence: 41);
        builder.OnEvent(in snapshot);

        var bids = new DepthLevel[2];
        var asks = new DepthLevel[2];
        Assert.True(board.TryRead(Reliance, bids, asks, out BookSnapshotInfo info));
        Assert.Equal(0, info.Version); // registered, not yet published

        builder.PublishSnapshots();
        Assert.True(board.TryRead(Reliance, bids, asks, out info));
        Assert.Equal(1, info.Version);
        Assert.Equal((2, 2), (info.BidCount, info.AskCount));
        Assert.Equal([L(10000, 300, 3), L(9995, 100, 1)], bids);
        Assert.Equal([L(10005, 100, 2), L(10010, 200, 4)], asks);
        Assert.Equal((July3Utc, 41L), (info.TimeNs, info.Sequence));
        Assert.Equal((3, 2), ((int)info.Metrics.BidLevels, (int)info.Metrics.AskLevels));
        Assert.Equal((10000, 10005, 5L), (info.Metrics.BestBid, info.Metrics.BestAsk, info.Metrics.Spread));
        Assert.Equal(100025, info.Metrics.Mid); // (100.00 + 100.05) / 2 = 100.025 at one more decimal
        // Microprice = (bid x askQty + ask x bidQty) / (bidQty + askQty) = (10000*100 + 10005*300) / 400 = 10003.75 → 10004.
        Assert.Equal(10004, info.Metrics.MicropriceMantissa);
        Assert.Equal((450, 300), (info.Metrics.TotalBidQuantity, info.Metrics.TotalAskQuantity));

        // Unchanged books are not rewritten; a diff is.
        builder.PublishSnapshots();
        Assert.True(board.TryRead(Reliance, bids, asks, out info));
        Assert.Equal(1, info.Version);
        MarketEvent diff = Depth(Reliance, July3Utc + Second, DepthUpdateKind.Diff, [L(10000, 0)], [], sequence: 42);
        builder.OnEvent(in diff);
        builder.PublishSnapshots();
        Assert.True(board.TryRead(Reliance, bids, asks, out info));
        Assert.Equal(2, info.Version);
        Assert.Equal([L(9995, 100, 1), L(9990, 50, 1)], bids);
        Assert.Equal(42, info.Sequence);
        Assert.False(board.TryRead(Nifty, bids, asks, out _));
    }

    [Fact]
    public void Publishing_200_level_books_allocates_nothing()
    {
        var sink = new DerivedEventBuffer(4096);
        var builder = new BookBuilder(new BookOptions(), null, sink);
        var board = new BookSnapshotBoard();
        builder.AttachSnapshots(board);

        var events = new MarketEvent[2000];
        for (int i = 0; i < events.Length; i++)
        {
            events[i] = Depth(BtcUsdt, July3Utc + i, DepthUpdateKind.Diff, [L(10000 - (i % 200), 1 + i)], [L(10001 + (i % 200), 1 + i)]);
        }

        // Rounds until the runtime's tiered compilation has settled (it may allocate on this thread once).
        var rounds = new List<long>();
        for (int round = 0; round < 10; round++)
        {
            sink.Clear();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < events.Length; i++)
            {
                builder.OnEvent(in events[i]);
                builder.PublishSnapshots();
            }

            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            if (round > 0 && rounds[^1] == 0)
            {
                break;
            }

            Thread.Sleep(200);
        }

        Assert.Equal(0, rounds[^1]);
        var bids = new DepthLevel[200];
        Assert.True(board.TryRead(BtcUsdt, bids, new DepthLevel[200], out BookSnapshotInfo info));
        Assert.Equal(200, info.BidCount);
    }

    [Fact]
    public void A_reader_never_sees_a_torn_book_while_the_book_thread_publishes()
    {
        var sink = new DerivedEventBuffer(16);
        var builder = new BookBuilder(new BookOptions(), null, sink);
        var board = new BookSnapshotBoard();
        builder.AttachSnapshots(board);
        using var done = new ManualResetEventSlim();
        long reads = 0;
        long torn = 0;
        var reader = new Thread(() =>
        {
            var bids = new DepthLevel[5];
            var asks = new DepthLevel[5];
            while (!done.IsSet)
            {
                if (board.TryRead(BtcUsdt, bids, asks, out BookSnapshotInfo info) && info.Version > 0)
                {
                    // Snapshot n has 5 bids of quantity n and 5 asks of quantity n, and the sequence n.
                    for (int i = 0; i < 5; i++)
                    {
                        if (bids[i].Quantity != info.Sequence || asks[i].Quantity != info.Sequence || info.Metrics.TotalBidQuantity != 5 * info.Sequence)
                        {
                            torn++;
                        }
                    }

                    reads++;
                }
            }
        });
        reader.Start();
        for (int n = 1; n <= 100_000; n++)
        {
            MarketEvent e = Depth(
                BtcUsdt, July3Utc + n, DepthUpdateKind.Snapshot,
                [L(100, n), L(99, n), L(98, n), L(97, n), L(96, n)],
                [L(101, n), L(102, n), L(103, n), L(104, n), L(105, n)],
                sequence: n);
            builder.OnEvent(in e);
            builder.PublishSnapshots();
            sink.Clear();
        }

        done.Set();
        reader.Join();
        Assert.True(reads > 0);
        Assert.Equal(0, torn);
    }
}
