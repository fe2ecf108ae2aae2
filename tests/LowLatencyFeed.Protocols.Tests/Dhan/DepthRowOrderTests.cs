using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Dhan;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>Depth rows end best first whatever order the wire used, without allocating.</summary>
public sealed class DepthRowOrderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rows_in_order_in_reverse_or_shuffled_end_best_first(bool bids)
    {
        var random = new Random(5);
        long[] best = bids ? [.. Enumerable.Range(0, 200).Select(i => 220_000L - (5 * i))] : [.. Enumerable.Range(0, 200).Select(i => 220_005L + (5 * i))];
        long[][] orders = [best, [.. best.Reverse()], [.. best.OrderBy(_ => random.Next())], [], [best[0]]];
        foreach (long[] prices in orders)
        {
            DepthLevel[] levels = [.. prices.Select((p, i) => new DepthLevel(p, 10 + i, 1))];

            DepthRowOrder.BestFirst(levels, bids);

            Assert.Equal(prices.Length == 0 ? [] : best[..prices.Length], levels.Select(l => l.Price));
            Assert.All(levels, l => Assert.Equal(10 + Array.IndexOf(prices, l.Price), l.Quantity)); // rows move whole
        }
    }

    [Fact]
    public void Sorting_allocates_nothing()
    {
        var random = new Random(9);
        DepthLevel[] shuffled = [.. Enumerable.Range(0, 200).Select(i => new DepthLevel(random.Next(1, 1_000_000), 1, 1))];
        DepthLevel[] work = new DepthLevel[shuffled.Length];
        shuffled.CopyTo(work, 0);
        DepthRowOrder.BestFirst(work, bids: true); // warm-up
        long fewest = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                shuffled.CopyTo(work, 0);
                DepthRowOrder.BestFirst(work, bids: i % 2 == 0);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }
}
