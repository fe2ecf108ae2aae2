using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Processing.Books;

/// <summary>
/// One instrument's book: up to <see cref="MaxLevels"/> levels a side (price, quantity, orders), sorted best first in
/// arrays allocated once here, with exact running quantity totals over the top-K windows of
/// <see cref="ImbalanceDepths"/>. Accepts levels from anywhere (inline ring levels, a depth slab, a test array).
/// Levels beyond <see cref="MaxLevels"/> are dropped, so after removals a side may hold fewer levels than the exchange
/// has until later updates refill it (the Binance "exact only within the window" caveat). Not thread-safe.
/// </summary>
public sealed class OrderBook
{
    private readonly BookSide<BidOrder> _bids;
    private readonly BookSide<AskOrder> _asks;
    private readonly int[] _depths;

    /// <summary>Creates an empty book.</summary>
    /// <param name="maxLevels">Levels kept per side (default 200).</param>
    /// <param name="imbalanceDepths">Top-K windows whose totals are maintained (0 = all levels); default 1, 5, 20, all.</param>
    public OrderBook(int maxLevels = BookOptions.DefaultMaxLevels, int[]? imbalanceDepths = null)
    {
        if (maxLevels <= 0 || maxLevels > BookOptions.LevelLimit)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(maxLevels), "Max levels must be between 1 and {0}.", BookOptions.LevelLimit);
        }

        _depths = (int[])(imbalanceDepths ?? BookOptions.DefaultImbalanceDepths).Clone();
        BookOptions.ValidateDepths(_depths);
        _bids = new BookSide<BidOrder>(maxLevels, _depths);
        _asks = new BookSide<AskOrder>(maxLevels, _depths);
    }

    /// <summary>Levels kept per side.</summary>
    public int MaxLevels => _bids.MaxLevels;

    /// <summary>The windows whose totals are maintained (0 = all levels).</summary>
    public ReadOnlySpan<int> ImbalanceDepths => _depths;

    /// <summary>Bid levels, best (highest) first.</summary>
    public ReadOnlySpan<DepthLevel> Bids => _bids.Levels;

    /// <summary>Ask levels, best (lowest) first.</summary>
    public ReadOnlySpan<DepthLevel> Asks => _asks.Levels;

    /// <summary>Bid quantity over all levels held.</summary>
    public long TotalBidQuantity => _bids.Total;

    /// <summary>Ask quantity over all levels held.</summary>
    public long TotalAskQuantity => _asks.Total;

    /// <summary>Best bid price, 0 when there are no bids.</summary>
    public long BestBid => _bids.BestPrice;

    /// <summary>Best ask price, 0 when there are no asks.</summary>
    public long BestAsk => _asks.BestPrice;

    /// <summary>Whether both sides have levels and the best bid is at or above the best ask.</summary>
    public bool IsCrossed => _bids.Count > 0 && _asks.Count > 0 && _bids.BestPrice >= _asks.BestPrice;

    /// <summary>Bid quantity over the best <see cref="ImbalanceDepths"/>[<paramref name="window"/>] levels.</summary>
    public long BidWindowQuantity(int window) => _bids.WindowSum(window);

    /// <summary>Ask quantity over the best <see cref="ImbalanceDepths"/>[<paramref name="window"/>] levels.</summary>
    public long AskWindowQuantity(int window) => _asks.WindowSum(window);

    /// <summary>Replaces both sides (Kite/Dhan 5-level depth).</summary>
    public BookUpdateResult ApplySnapshot(ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        var result = default(BookUpdateResult);
        _bids.Replace(bids, ref result);
        _asks.Replace(asks, ref result);
        return result;
    }

    /// <summary>Replaces the bid side only (Dhan 20/200-level bid packet).</summary>
    public BookUpdateResult ReplaceBids(ReadOnlySpan<DepthLevel> bids)
    {
        var result = default(BookUpdateResult);
        _bids.Replace(bids, ref result);
        return result;
    }

    /// <summary>Replaces the ask side only (Dhan 20/200-level ask packet).</summary>
    public BookUpdateResult ReplaceAsks(ReadOnlySpan<DepthLevel> asks)
    {
        var result = default(BookUpdateResult);
        _asks.Replace(asks, ref result);
        return result;
    }

    /// <summary>Applies absolute quantities per price (Binance diff); quantity 0 removes the level.</summary>
    public BookUpdateResult ApplyDiff(ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        var result = default(BookUpdateResult);
        for (int i = 0; i < bids.Length; i++)
        {
            _bids.Set(bids[i].Price, bids[i].Quantity, bids[i].Orders, ref result);
        }

        for (int i = 0; i < asks.Length; i++)
        {
            _asks.Set(asks[i].Price, asks[i].Quantity, asks[i].Orders, ref result);
        }

        return result;
    }

    /// <summary>Sets one bid level (0 removes it).</summary>
    public BookUpdateResult SetBid(long price, long quantity, int orders = 0)
    {
        var result = default(BookUpdateResult);
        _bids.Set(price, quantity, orders, ref result);
        return result;
    }

    /// <summary>Sets one ask level (0 removes it).</summary>
    public BookUpdateResult SetAsk(long price, long quantity, int orders = 0)
    {
        var result = default(BookUpdateResult);
        _asks.Set(price, quantity, orders, ref result);
        return result;
    }

    /// <summary>Empties both sides (resync).</summary>
    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
    }
}
