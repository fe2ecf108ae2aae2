using System.Runtime.InteropServices;

namespace LowLatencyFeed.Processing.Derived;

/// <summary>
/// Book metrics after one update. Prices and quantities are exact mantissas; only the ratios (imbalance) and
/// <see cref="Microprice"/> are doubles. Spread, mid and microprice are 0 when a side is empty
/// (<see cref="DerivedFlags.OneSided"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct BookMetricsValues
{
    /// <summary>Best bid price mantissa (0 when no bids).</summary>
    public long BestBid;

    /// <summary>Best ask price mantissa (0 when no asks).</summary>
    public long BestAsk;

    /// <summary>Quantity at the best bid.</summary>
    public long BestBidQuantity;

    /// <summary>Quantity at the best ask.</summary>
    public long BestAskQuantity;

    /// <summary>Best ask − best bid (negative when crossed).</summary>
    public long Spread;

    /// <summary>(best bid + best ask) / 2, exact, as a mantissa at PriceDecimals + 1 decimals (= (bid + ask) × 5).</summary>
    public long Mid;

    /// <summary>
    /// (bid × askQty + ask × bidQty) / (bidQty + askQty) rounded half away from zero to a price mantissa
    /// (computed in 128 bits, exact before the final rounding).
    /// </summary>
    public long MicropriceMantissa;

    /// <summary>The same microprice as a double in price units (mantissa / 10^PriceDecimals), unrounded.</summary>
    public double Microprice;

    /// <summary>Bid quantity over every level held.</summary>
    public long TotalBidQuantity;

    /// <summary>Ask quantity over every level held.</summary>
    public long TotalAskQuantity;

    /// <summary>Bid levels held.</summary>
    public ushort BidLevels;

    /// <summary>Ask levels held.</summary>
    public ushort AskLevels;

    /// <summary>Valid entries in <see cref="Windows"/>.</summary>
    public byte WindowCount;

    /// <summary>Reserved.</summary>
    public byte Reserved;

    /// <summary>Reserved.</summary>
    public ushort Reserved2;

    /// <summary>The configured imbalance windows, in <see cref="Books.BookOptions.ImbalanceDepths"/> order.</summary>
    public ImbalanceWindows Windows;
}
