using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>A tick or trade queued for one client: the fields the stream sends, copied from the ring slot (64 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct StreamItem
{
    /// <summary>Instrument.</summary>
    public InstrumentId Instrument;

    /// <summary>Exchange time, Unix ns.</summary>
    public long TimeNs;

    /// <summary>Journal sequence.</summary>
    public long Sequence;

    /// <summary>Last (trade) price mantissa.</summary>
    public long Price;

    /// <summary>Last (trade) quantity mantissa.</summary>
    public long Quantity;

    /// <summary>Cumulative day volume mantissa (ticks).</summary>
    public long Volume;

    /// <summary>Trade id (trades).</summary>
    public long TradeId;

    /// <summary>TickFields of the source tick.</summary>
    public int Fields;

    /// <summary>Trades channel rather than ticks.</summary>
    public bool IsTrade;

    /// <summary>Price decimals.</summary>
    public byte PriceDecimals;

    /// <summary>Quantity decimals.</summary>
    public byte QuantityDecimals;
}
