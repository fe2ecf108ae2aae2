using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Host.Api;

/// <summary>Reads a book from the <see cref="BookSnapshotBoard"/> (on the request thread) and shapes it for the API.</summary>
public static class LiveBookReader
{
    /// <summary>The book of <paramref name="instrument"/> with its best <paramref name="levels"/> levels per side, or null.</summary>
    public static BookView? Read(BookSnapshotBoard board, InstrumentInfo instrument, int levels)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(instrument);
        var bids = new DepthLevel[levels];
        var asks = new DepthLevel[levels];
        if (!board.TryRead(new InstrumentId(instrument.InstrumentId), bids, asks, out BookSnapshotInfo info) || info.Version == 0)
        {
            return null;
        }

        int pd = info.PriceDecimals;
        int qd = info.QuantityDecimals;
        ref BookMetricsValues m = ref info.Metrics;
        bool hasBids = m.BidLevels > 0;
        bool hasAsks = m.AskLevels > 0;
        bool both = hasBids && hasAsks;
        long returnedBid = 0;
        long returnedAsk = 0;
        var bidList = new List<BookLevel>(info.BidCount);
        for (int i = 0; i < info.BidCount; i++)
        {
            bidList.Add(new BookLevel(FixedPoint.ToDecimal(bids[i].Price, pd), FixedPoint.ToDecimal(bids[i].Quantity, qd), bids[i].Orders));
            returnedBid += bids[i].Quantity;
        }

        var askList = new List<BookLevel>(info.AskCount);
        for (int i = 0; i < info.AskCount; i++)
        {
            askList.Add(new BookLevel(FixedPoint.ToDecimal(asks[i].Price, pd), FixedPoint.ToDecimal(asks[i].Quantity, qd), asks[i].Orders));
            returnedAsk += asks[i].Quantity;
        }

        var windows = new List<ImbalanceWindowView>(m.WindowCount);
        for (int w = 0; w < m.WindowCount; w++)
        {
            ImbalanceWindow window = m.Windows[w];
            windows.Add(new ImbalanceWindowView(window.Depth, FixedPoint.ToDecimal(window.BidQuantity, qd), FixedPoint.ToDecimal(window.AskQuantity, qd), window.Imbalance));
        }

        return new BookView(
            instrument.Id,
            DateTimeOffset.UnixEpoch.AddTicks(info.TimeNs / 100),
            info.Sequence,
            m.BidLevels,
            m.AskLevels,
            bidList,
            askList,
            hasBids ? FixedPoint.ToDecimal(m.BestBid, pd) : null,
            hasAsks ? FixedPoint.ToDecimal(m.BestAsk, pd) : null,
            both ? FixedPoint.ToDecimal(m.Spread, pd) : null,
            both ? FixedPoint.ToDecimal(m.Mid, pd + 1) : null,
            both ? FixedPoint.ToDecimal(m.MicropriceMantissa, pd) : null,
            BookMetricsCalculator.Imbalance(m.TotalBidQuantity, m.TotalAskQuantity),
            BookMetricsCalculator.Imbalance(returnedBid, returnedAsk),
            windows,
            (int)info.Flags);
    }
}
