using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Books;

public sealed class BookMetricsTests
{
    [Fact]
    public void Spread_mid_microprice_and_imbalance_match_hand_computed_values()
    {
        var book = new OrderBook(imbalanceDepths: [1, 2, 5, 0]);
        book.ApplySnapshot([L(10000, 10), L(9950, 20), L(9900, 30)], [L(10050, 5), L(10100, 15), L(10150, 25)]);
        var metrics = default(BookMetricsValues);
        DerivedFlags flags = BookMetricsCalculator.Compute(book, 2, ref metrics);

        Assert.Equal(DerivedFlags.None, flags);
        Assert.Equal(10000, metrics.BestBid);
        Assert.Equal(10050, metrics.BestAsk);
        Assert.Equal(10, metrics.BestBidQuantity);
        Assert.Equal(5, metrics.BestAskQuantity);
        Assert.Equal(50, metrics.Spread);
        Assert.Equal(100_250, metrics.Mid); // 100.250 at three decimals
        Assert.Equal(10033, metrics.MicropriceMantissa); // (10000*5 + 10050*10) / 15 = 10033.33
        Assert.Equal(100.33333333333333, metrics.Microprice, 12);
        Assert.Equal(60, metrics.TotalBidQuantity);
        Assert.Equal(45, metrics.TotalAskQuantity);
        Assert.Equal(3, metrics.BidLevels);
        Assert.Equal(3, metrics.AskLevels);
        Assert.Equal(4, metrics.WindowCount);

        AssertWindow(metrics.Windows[0], 1, 10, 5, 5.0 / 15);     // (10-5)/(10+5)
        AssertWindow(metrics.Windows[1], 2, 30, 20, 10.0 / 50);   // (30-20)/(30+20)
        AssertWindow(metrics.Windows[2], 5, 60, 45, 15.0 / 105);  // only three levels exist
        AssertWindow(metrics.Windows[3], 0, 60, 45, 15.0 / 105);  // all levels
    }

    [Fact]
    public void Microprice_rounds_half_away_from_zero()
    {
        var book = new OrderBook();
        book.ApplySnapshot([L(100, 1)], [L(101, 1)]); // (100 + 101) / 2 = 100.5
        var metrics = default(BookMetricsValues);
        BookMetricsCalculator.Compute(book, 0, ref metrics);
        Assert.Equal(101, metrics.MicropriceMantissa);
        Assert.Equal(1005, metrics.Mid);
        Assert.Equal(100.5, metrics.Microprice);
    }

    [Fact]
    public void One_sided_and_crossed_books_are_flagged()
    {
        var book = new OrderBook();
        var metrics = default(BookMetricsValues);
        book.ApplySnapshot([L(100, 4)], []);
        Assert.Equal(DerivedFlags.OneSided, BookMetricsCalculator.Compute(book, 2, ref metrics));
        Assert.Equal(0, metrics.Spread);
        Assert.Equal(0, metrics.MicropriceMantissa);
        Assert.Equal(1.0, metrics.Windows[0].Imbalance);

        book.ApplySnapshot([L(101, 4)], [L(100, 4)]);
        Assert.Equal(DerivedFlags.Crossed, BookMetricsCalculator.Compute(book, 2, ref metrics));
        Assert.Equal(-1, metrics.Spread);

        book.Clear();
        Assert.Equal(DerivedFlags.OneSided, BookMetricsCalculator.Compute(book, 2, ref metrics));
        Assert.Equal(0.0, metrics.Windows[3].Imbalance);
    }

    [Theory]
    [InlineData(11, 200)]
    [InlineData(12, 20)]
    [InlineData(13, 5)]
    public void Incremental_metrics_equal_a_full_recomputation_after_every_update(int seed, int maxLevels)
    {
        var random = new Random(seed);
        int[] depths = [1, 5, 20, 0];
        var book = new OrderBook(maxLevels, depths);
        var incremental = default(BookMetricsValues);
        var full = default(BookMetricsValues);
        for (int step = 0; step < 4000; step++)
        {
            int action = random.Next(100);
            if (action < 2)
            {
                book.ApplySnapshot(RandomSide(random, true), RandomSide(random, false));
            }
            else if (action < 4)
            {
                book.ReplaceBids(RandomSide(random, true));
            }
            else
            {
                DepthLevel[] bids = RandomDiff(random, 9700, 10001);
                DepthLevel[] asks = RandomDiff(random, 10001, 10300);
                book.ApplyDiff(bids, asks);
            }

            DerivedFlags a = BookMetricsCalculator.Compute(book, 2, ref incremental);
            DerivedFlags b = BookMetricsCalculator.ComputeFull(book.Bids, book.Asks, depths, 2, ref full);
            Assert.Equal(b, a);
            Assert.True(
                MemoryMarshal.AsBytes(new ReadOnlySpan<BookMetricsValues>(in incremental)).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<BookMetricsValues>(in full))),
                $"step {step}: incremental metrics differ from the full recomputation");
            AssertSorted(book);
        }
    }

    private static void AssertWindow(ImbalanceWindow window, int depth, long bid, long ask, double imbalance)
    {
        Assert.Equal(depth, window.Depth);
        Assert.Equal(bid, window.BidQuantity);
        Assert.Equal(ask, window.AskQuantity);
        Assert.Equal(imbalance, window.Imbalance, 15);
    }

    private static void AssertSorted(OrderBook book)
    {
        for (int i = 1; i < book.Bids.Length; i++)
        {
            Assert.True(book.Bids[i - 1].Price > book.Bids[i].Price);
        }

        for (int i = 1; i < book.Asks.Length; i++)
        {
            Assert.True(book.Asks[i - 1].Price < book.Asks[i].Price);
        }

        Assert.True(book.Bids.Length <= book.MaxLevels && book.Asks.Length <= book.MaxLevels);
    }

    private static DepthLevel[] RandomSide(Random random, bool bids)
    {
        int count = random.Next(0, 260);
        var levels = new DepthLevel[count];
        long price = bids ? 10000 : 10001;
        for (int i = 0; i < count; i++)
        {
            price += (bids ? -1 : 1) * random.Next(1, 4);
            levels[i] = L(price, random.Next(1, 1000));
        }

        return levels;
    }

    private static DepthLevel[] RandomDiff(Random random, int low, int high)
    {
        var levels = new DepthLevel[random.Next(0, 4)];
        for (int i = 0; i < levels.Length; i++)
        {
            levels[i] = L(random.Next(low, high), random.Next(3) == 0 ? 0 : random.Next(1, 1000));
        }

        return levels;
    }
}
