using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Books;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Books;

public sealed class OrderBookTests
{
    private static (long Price, long Quantity)[] Pairs(ReadOnlySpan<DepthLevel> levels)
    {
        var pairs = new (long, long)[levels.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            pairs[i] = (levels[i].Price, levels[i].Quantity);
        }

        return pairs;
    }

    [Fact]
    public void Snapshot_replaces_both_sides_and_skips_empty_slots()
    {
        var book = new OrderBook();
        book.ApplySnapshot([L(10000, 5, 2), L(9990, 7, 3), L(0, 0)], [L(10010, 4, 1), L(10020, 9, 4)]);
        BookUpdateResult result = book.ApplySnapshot([L(10005, 1), L(10000, 2), L(0, 0), L(0, 0)], [L(10015, 3)]);

        Assert.True(result.IsConsistent);
        Assert.Equal([(10005L, 1L), (10000L, 2L)], Pairs(book.Bids));
        Assert.Equal([(10015L, 3L)], Pairs(book.Asks));
        Assert.Equal(3, book.TotalBidQuantity);
        Assert.Equal(3, book.TotalAskQuantity);
        Assert.Equal(10005, book.BestBid);
        Assert.Equal(10015, book.BestAsk);
    }

    [Fact]
    public void One_side_snapshots_leave_the_other_side_alone()
    {
        var book = new OrderBook();
        book.ApplySnapshot([L(100, 1)], [L(101, 1)]);
        book.ReplaceBids([L(99, 5), L(98, 6)]);
        Assert.Equal([(99L, 5L), (98L, 6L)], Pairs(book.Bids));
        Assert.Equal([(101L, 1L)], Pairs(book.Asks));
        book.ReplaceAsks([L(102, 2)]);
        Assert.Equal([(102L, 2L)], Pairs(book.Asks));
    }

    [Fact]
    public void Diff_inserts_updates_and_removes_by_absolute_quantity()
    {
        var book = new OrderBook();
        book.ApplySnapshot([L(100, 1), L(98, 3)], [L(101, 1), L(103, 3)]);
        BookUpdateResult result = book.ApplyDiff(
            [L(99, 2), L(100, 0), L(98, 30), L(90, 0)], // insert, remove, update, remove-absent (no-op)
            [L(102, 2), L(101, 10)]);

        Assert.True(result.IsConsistent);
        Assert.Equal([(99L, 2L), (98L, 30L)], Pairs(book.Bids));
        Assert.Equal([(101L, 10L), (102L, 2L), (103L, 3L)], Pairs(book.Asks));
        Assert.Equal(32, book.TotalBidQuantity);
        Assert.Equal(15, book.TotalAskQuantity);
    }

    [Fact]
    public void Unsorted_and_duplicate_snapshot_levels_are_sorted_in_and_reported()
    {
        var book = new OrderBook();
        BookUpdateResult result = book.ApplySnapshot([L(100, 1), L(102, 2), L(101, 3), L(102, 4), L(99, -1)], [L(105, 1), L(104, 2)]);

        Assert.Equal(5, result.Inconsistent); // 102 out of order, 101 out of order, 102 again, negative quantity, 104 out of order
        Assert.Equal([(102L, 4L), (101L, 3L), (100L, 1L)], Pairs(book.Bids)); // last duplicate wins
        Assert.Equal([(104L, 2L), (105L, 1L)], Pairs(book.Asks));
        Assert.Equal(8, book.TotalBidQuantity);
    }

    [Fact]
    public void Negative_diff_quantity_is_reported_and_ignored()
    {
        var book = new OrderBook();
        book.ApplySnapshot([L(100, 1)], [L(101, 1)]);
        BookUpdateResult result = book.ApplyDiff([L(100, -5)], []);
        Assert.Equal(1, result.Inconsistent);
        Assert.Equal([(100L, 1L)], Pairs(book.Bids));
    }

    [Fact]
    public void Levels_beyond_max_depth_are_dropped_and_counted()
    {
        var book = new OrderBook(maxLevels: 3, imbalanceDepths: [1, 2, 3, 0]);
        BookUpdateResult snapshot = book.ApplySnapshot([L(100, 1), L(99, 2), L(98, 3), L(97, 4)], []);
        Assert.Equal(1, snapshot.Truncated);
        Assert.Equal(6, book.TotalBidQuantity);

        BookUpdateResult worse = book.SetBid(90, 10);
        Assert.Equal(1, worse.Truncated);
        Assert.Equal([(100L, 1L), (99L, 2L), (98L, 3L)], Pairs(book.Bids));

        BookUpdateResult better = book.SetBid(101, 5); // pushes 98 out
        Assert.Equal(1, better.Truncated);
        Assert.Equal([(101L, 5L), (100L, 1L), (99L, 2L)], Pairs(book.Bids));
        Assert.Equal(8, book.TotalBidQuantity);
        Assert.Equal(5, book.BidWindowQuantity(0));
        Assert.Equal(6, book.BidWindowQuantity(1));
        Assert.Equal(8, book.BidWindowQuantity(2));
        Assert.Equal(8, book.BidWindowQuantity(3));
    }

    [Fact]
    public void Crossed_book_is_detected()
    {
        var book = new OrderBook();
        book.ApplySnapshot([L(100, 1)], [L(101, 1)]);
        Assert.False(book.IsCrossed);
        book.SetBid(101, 1);
        Assert.True(book.IsCrossed);
        book.SetBid(101, 0);
        Assert.False(book.IsCrossed);
    }

    [Fact]
    public void Matches_a_sorted_dictionary_model_over_a_random_update_stream()
    {
        var random = new Random(7);
        var book = new OrderBook(maxLevels: 1000);
        var bids = new SortedDictionary<long, long>();
        var asks = new SortedDictionary<long, long>();
        for (int step = 0; step < 5000; step++)
        {
            bool bid = random.Next(2) == 0;
            long price = bid ? random.Next(900, 1000) : random.Next(1001, 1100);
            long quantity = random.Next(4) == 0 ? 0 : random.Next(1, 100);
            SortedDictionary<long, long> model = bid ? bids : asks;
            if (quantity == 0)
            {
                model.Remove(price);
            }
            else
            {
                model[price] = quantity;
            }

            if (bid)
            {
                book.SetBid(price, quantity);
            }
            else
            {
                book.SetAsk(price, quantity);
            }
        }

        Assert.Equal(bids.Reverse().Select(kv => (kv.Key, kv.Value)).ToArray(), Pairs(book.Bids));
        Assert.Equal(asks.Select(kv => (kv.Key, kv.Value)).ToArray(), Pairs(book.Asks));
    }

    [Fact]
    public void Invalid_configuration_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderBook(maxLevels: 0));
        Assert.Throws<ArgumentException>(() => new OrderBook(imbalanceDepths: [1, 2, 3, 4, 5]));
        Assert.Throws<ArgumentException>(() => new OrderBook(imbalanceDepths: [-1]));
    }
}
