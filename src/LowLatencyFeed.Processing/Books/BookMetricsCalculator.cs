using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Processing.Common;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Books;

/// <summary>
/// Book metrics: best bid/ask, spread, mid, microprice, totals and order imbalance per window.
/// <see cref="Compute"/> reads the book's running totals (O(windows)); <see cref="ComputeFull"/> rescans the levels
/// (O(levels)) and is the reference the incremental path must equal exactly.
/// </summary>
/// <remarks>
/// Rounding: spread and totals are exact; mid is exact at one extra decimal; the microprice mantissa is the exact
/// 128-bit ratio rounded half away from zero; imbalance and the double microprice are one IEEE division of exact integers.
/// </remarks>
public static class BookMetricsCalculator
{
    /// <summary>Fills <paramref name="metrics"/> from the book's maintained totals; returns the Crossed/OneSided flags.</summary>
    public static DerivedFlags Compute(OrderBook book, int priceDecimals, ref BookMetricsValues metrics)
    {
        ArgumentNullException.ThrowIfNull(book);
        ReadOnlySpan<DepthLevel> bids = book.Bids;
        ReadOnlySpan<DepthLevel> asks = book.Asks;
        ReadOnlySpan<int> depths = book.ImbalanceDepths;
        for (int w = 0; w < depths.Length; w++)
        {
            ref ImbalanceWindow window = ref metrics.Windows[w];
            window.Depth = depths[w];
            window.BidQuantity = book.BidWindowQuantity(w);
            window.AskQuantity = book.AskWindowQuantity(w);
            window.Imbalance = Imbalance(window.BidQuantity, window.AskQuantity);
        }

        metrics.WindowCount = (byte)depths.Length;
        return FillTop(bids, asks, book.TotalBidQuantity, book.TotalAskQuantity, priceDecimals, ref metrics);
    }

    /// <summary>Recomputes everything from the levels (best first on each side).</summary>
    public static DerivedFlags ComputeFull(ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks, ReadOnlySpan<int> depths, int priceDecimals, ref BookMetricsValues metrics)
    {
        BookOptions.ValidateDepths(depths);
        for (int w = 0; w < depths.Length; w++)
        {
            ref ImbalanceWindow window = ref metrics.Windows[w];
            window.Depth = depths[w];
            window.BidQuantity = SumTop(bids, depths[w]);
            window.AskQuantity = SumTop(asks, depths[w]);
            window.Imbalance = Imbalance(window.BidQuantity, window.AskQuantity);
        }

        metrics.WindowCount = (byte)depths.Length;
        return FillTop(bids, asks, SumTop(bids, 0), SumTop(asks, 0), priceDecimals, ref metrics);
    }

    /// <summary>(bid − ask) / (bid + ask); 0 when both are 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Imbalance(long bidQuantity, long askQuantity)
    {
        long sum = bidQuantity + askQuantity;
        return sum == 0 ? 0.0 : (double)(bidQuantity - askQuantity) / sum;
    }

    private static long SumTop(ReadOnlySpan<DepthLevel> levels, int depth)
    {
        int count = depth == 0 ? levels.Length : Math.Min(depth, levels.Length);
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += levels[i].Quantity;
        }

        return sum;
    }

    private static DerivedFlags FillTop(ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks, long totalBid, long totalAsk, int priceDecimals, ref BookMetricsValues metrics)
    {
        metrics.TotalBidQuantity = totalBid;
        metrics.TotalAskQuantity = totalAsk;
        metrics.BidLevels = (ushort)bids.Length;
        metrics.AskLevels = (ushort)asks.Length;
        metrics.BestBid = bids.Length > 0 ? bids[0].Price : 0;
        metrics.BestBidQuantity = bids.Length > 0 ? bids[0].Quantity : 0;
        metrics.BestAsk = asks.Length > 0 ? asks[0].Price : 0;
        metrics.BestAskQuantity = asks.Length > 0 ? asks[0].Quantity : 0;
        if (bids.Length == 0 || asks.Length == 0)
        {
            metrics.Spread = 0;
            metrics.Mid = 0;
            metrics.MicropriceMantissa = 0;
            metrics.Microprice = 0;
            return DerivedFlags.OneSided;
        }

        long bid = metrics.BestBid;
        long ask = metrics.BestAsk;
        long bidQuantity = metrics.BestBidQuantity;
        long askQuantity = metrics.BestAskQuantity;
        metrics.Spread = ask - bid;
        metrics.Mid = (bid + ask) * 5;

        // Microprice leans towards the side with less quantity: the price more likely to trade next.
        Int128 numerator = ((Int128)bid * askQuantity) + ((Int128)ask * bidQuantity);
        long denominator = bidQuantity + askQuantity;
        metrics.MicropriceMantissa = FixedPointMath.DivideRounded(numerator, denominator);
        metrics.Microprice = (double)numerator / denominator / FixedPoint.Pow10(priceDecimals);
        return bid >= ask ? DerivedFlags.Crossed : DerivedFlags.None;
    }
}
