using System.Runtime.InteropServices;

namespace LowLatencyFeed.Core.Events;

/// <summary>Best bid and offer (level 1).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct QuotePayload
{
    /// <summary>Best bid price mantissa.</summary>
    public long BidPrice;

    /// <summary>Quantity at the best bid.</summary>
    public long BidQuantity;

    /// <summary>Best ask price mantissa.</summary>
    public long AskPrice;

    /// <summary>Quantity at the best ask.</summary>
    public long AskQuantity;

    /// <summary>Exchange update id (Binance bookTicker <c>u</c>), 0 when the feed has none.</summary>
    public long UpdateId;

    /// <summary>Orders at the best bid, 0 when unknown.</summary>
    public int BidOrders;

    /// <summary>Orders at the best ask, 0 when unknown.</summary>
    public int AskOrders;
}
