using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
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

    /// <summary>Whether <paramref name="data"/> (a tick) goes to the trades channel rather than ticks.</summary>
    public static bool IsTradeEvent(in MarketEvent data) => (data.Tick.Fields & TickFields.IsTrade) != 0;

    /// <summary>The streamed fields of tick <paramref name="data"/>.</summary>
    public static StreamItem From(in MarketEvent data)
    {
        bool isTrade = IsTradeEvent(in data);
        return new StreamItem
        {
            Instrument = data.Header.Instrument,
            TimeNs = data.Header.ExchangeTimeNs != 0 ? data.Header.ExchangeTimeNs : data.Header.ReceiveTimeNs,
            Sequence = data.Header.Sequence,
            Price = data.Tick.LastPrice,
            Quantity = data.Tick.LastQuantity,
            Volume = data.Tick.CumulativeVolume,
            TradeId = data.Tick.TradeId,
            Fields = (int)data.Tick.Fields,
            IsTrade = isTrade,
            PriceDecimals = data.Header.PriceDecimals,
            QuantityDecimals = data.Header.QuantityDecimals,
        };
    }
}
