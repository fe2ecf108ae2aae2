using System.Runtime.InteropServices;

namespace LowLatencyFeed.Core.Events;

/// <summary>
/// A last-trade / ticker update. Prices are fixed-point mantissas at <see cref="EventHeader.PriceDecimals"/>,
/// quantities at <see cref="EventHeader.QuantityDecimals"/>. <see cref="Fields"/> says which are present.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct TickPayload
{
    /// <summary>Last traded price (or index value).</summary>
    public long LastPrice;

    /// <summary>Quantity of the last trade.</summary>
    public long LastQuantity;

    /// <summary>Volume-weighted average price of the day.</summary>
    public long AveragePrice;

    /// <summary>Cumulative traded volume of the session; bar volume comes from its deltas.</summary>
    public long CumulativeVolume;

    /// <summary>Total pending buy quantity.</summary>
    public long TotalBuyQuantity;

    /// <summary>Total pending sell quantity.</summary>
    public long TotalSellQuantity;

    /// <summary>Session open.</summary>
    public long Open;

    /// <summary>Session high.</summary>
    public long High;

    /// <summary>Session low.</summary>
    public long Low;

    /// <summary>Previous session close.</summary>
    public long Close;

    /// <summary>Open interest (derivatives).</summary>
    public long OpenInterest;

    /// <summary>Time of the last trade, Unix nanoseconds UTC.</summary>
    public long LastTradeTimeNs;

    /// <summary>Exchange trade id, or the index's exchange-sent absolute change (see <see cref="TickFields.NetChange"/>).</summary>
    public long TradeId;

    /// <summary>Net change as sent by the exchange (index packets), a price mantissa.</summary>
    public long NetChange;

    /// <summary>Which fields are present.</summary>
    public TickFields Fields;
}
