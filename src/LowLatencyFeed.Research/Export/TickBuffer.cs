using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// <c>ticks</c>: every tick that is not a trade print, with the columns of <c>llfeed.ticks</c>; a field the event did
/// not carry (<see cref="TickFields"/>) is null.
/// </summary>
internal sealed class TickBuffer : KeyedTableBuffer, IMarketRowBuffer
{
    private readonly Int64Column _receiveTimeNs;
    private readonly Int32Column _flags;
    private readonly Int32Column _fields;
    private readonly DecimalColumn _lastPrice;
    private readonly DecimalColumn _lastQuantity;
    private readonly DecimalColumn _averagePrice;
    private readonly DecimalColumn _volume;
    private readonly DecimalColumn _totalBuyQuantity;
    private readonly DecimalColumn _totalSellQuantity;
    private readonly DecimalColumn _open;
    private readonly DecimalColumn _high;
    private readonly DecimalColumn _low;
    private readonly DecimalColumn _close;
    private readonly DecimalColumn _openInterest;
    private readonly Int64Column _lastTradeTimeNs;
    private readonly DecimalColumn _netChange;

    public TickBuffer(int capacity, InstrumentLabels labels)
        : base(capacity, labels)
    {
        _receiveTimeNs = Add(new Int64Column("receive_time_ns", capacity));
        _flags = Add(new Int32Column("flags", capacity));
        _fields = Add(new Int32Column("fields", capacity));
        _lastPrice = Add(Price("last_price", capacity));
        _lastQuantity = Add(Quantity("last_quantity", capacity));
        _averagePrice = Add(Price("average_price", capacity));
        _volume = Add(Quantity("volume", capacity));
        _totalBuyQuantity = Add(Quantity("total_buy_quantity", capacity));
        _totalSellQuantity = Add(Quantity("total_sell_quantity", capacity));
        _open = Add(Price("open", capacity));
        _high = Add(Price("high", capacity));
        _low = Add(Price("low", capacity));
        _close = Add(Price("close", capacity));
        _openInterest = Add(Quantity("open_interest", capacity));
        _lastTradeTimeNs = Add(new Int64Column("last_trade_time_ns", capacity));
        _netChange = Add(Price("net_change", capacity));
    }

    public bool TryAdd(in MarketEvent e)
    {
        ref readonly EventHeader h = ref e.Header;
        ref readonly TickPayload t = ref e.Tick;
        int row = Begin(h.ExchangeTimeNs, h.Instrument, h.Sequence);
        _receiveTimeNs.Values[row] = h.ReceiveTimeNs;
        _flags.Values[row] = (int)h.Flags;
        _fields.Values[row] = (int)t.Fields;
        int p = h.PriceDecimals;
        int q = h.QuantityDecimals;
        TickFields f = t.Fields;
        bool ok = Set(_lastPrice, row, f, TickFields.LastPrice, t.LastPrice, p)
            & Set(_lastQuantity, row, f, TickFields.LastQuantity, t.LastQuantity, q)
            & Set(_averagePrice, row, f, TickFields.AveragePrice, t.AveragePrice, p)
            & Set(_volume, row, f, TickFields.CumulativeVolume, t.CumulativeVolume, q)
            & Set(_totalBuyQuantity, row, f, TickFields.TotalBuySell, t.TotalBuyQuantity, q)
            & Set(_totalSellQuantity, row, f, TickFields.TotalBuySell, t.TotalSellQuantity, q)
            & Set(_open, row, f, TickFields.DayOhl, t.Open, p)
            & Set(_high, row, f, TickFields.DayOhl, t.High, p)
            & Set(_low, row, f, TickFields.DayOhl, t.Low, p)
            & Set(_close, row, f, TickFields.Close, t.Close, p)
            & Set(_openInterest, row, f, TickFields.OpenInterest, t.OpenInterest, q)
            & Set(_netChange, row, f, TickFields.NetChange, t.NetChange, p);
        _lastTradeTimeNs.Values[row] = (f & TickFields.LastTradeTime) != 0 ? t.LastTradeTimeNs : 0;
        if (ok)
        {
            Commit();
        }

        return ok;
    }

    internal static DecimalColumn Price(string name, int capacity, bool nullable = true) =>
        new(name, capacity, ExportScales.PricePrecision, ExportScales.PriceScale, nullable);

    internal static DecimalColumn Quantity(string name, int capacity, bool nullable = true) =>
        new(name, capacity, ExportScales.QuantityPrecision, ExportScales.QuantityScale, nullable);

    private static bool Set(DecimalColumn column, int row, TickFields present, TickFields field, long mantissa, int decimals)
    {
        if ((present & field) == 0)
        {
            column.SetNull(row);
            return true;
        }

        return column.TrySet(row, mantissa, decimals);
    }
}
