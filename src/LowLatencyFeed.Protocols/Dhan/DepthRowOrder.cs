using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>
/// Puts one side's rows best first without allocating: a single pass when the feed sent them in order (the normal
/// case) or in reverse, and an introsort otherwise, so an unordered 200-row side costs O(n log n), never O(n²).
/// </summary>
public static class DepthRowOrder
{
    /// <summary>Highest price first for bids, lowest first for asks.</summary>
    public static void BestFirst(Span<DepthLevel> levels, bool bids)
    {
        bool bestFirst = true;
        bool worstFirst = true;
        for (int i = 1; i < levels.Length && (bestFirst || worstFirst); i++)
        {
            long previous = levels[i - 1].Price;
            long current = levels[i].Price;
            bestFirst &= bids ? previous >= current : previous <= current;
            worstFirst &= bids ? previous <= current : previous >= current;
        }

        if (bestFirst)
        {
            return;
        }

        if (worstFirst)
        {
            levels.Reverse();
        }
        else
        {
            // Cached static delegates: a struct comparer would be boxed by the sort.
            levels.Sort(bids ? s_highestFirst : s_lowestFirst);
        }
    }

    private static readonly Comparison<DepthLevel> s_highestFirst = static (x, y) => y.Price.CompareTo(x.Price);
    private static readonly Comparison<DepthLevel> s_lowestFirst = static (x, y) => x.Price.CompareTo(y.Price);
}
