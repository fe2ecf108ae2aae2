using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.ticks</c>: absent fields (per <see cref="TickPayload.Fields"/>) are NULL.</summary>
internal readonly struct TickFormat : ITableFormat<TickRow>
{
    public static StorageStream Stream => StorageStream.Ticks;

    public static string Columns =>
        "time, instrument_id, seq, receive_time, flags, fields, last_price, last_quantity, average_price, volume, " +
        "total_buy_quantity, total_sell_quantity, open, high, low, close, open_interest, last_trade_time, net_change";

    public static short FieldCount => 19;

    public static string? DistinctOn => null;

    public static string? Conflict => null;

    public static long Sequence(in TickRow row) => row.Header.Sequence;

    public static long TimeNs(in TickRow row) => row.Header.ExchangeTimeNs;

    public static void Write(BinaryCopyBuffer w, in TickRow row)
    {
        ref readonly TickPayload t = ref row.Tick;
        TickFields f = t.Fields;
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        w.Timestamp(row.Header.ExchangeTimeNs);
        w.Bigint(row.Header.Instrument.Value);
        w.Bigint(row.Header.Sequence);
        w.Timestamp(row.Header.ReceiveTimeNs);
        w.Integer((int)row.Header.Flags);
        w.Integer((int)f);
        w.NumericOrNull((f & TickFields.LastPrice) != 0, t.LastPrice, pd);
        w.NumericOrNull((f & TickFields.LastQuantity) != 0, t.LastQuantity, qd);
        w.NumericOrNull((f & TickFields.AveragePrice) != 0, t.AveragePrice, pd);
        w.NumericOrNull((f & TickFields.CumulativeVolume) != 0, t.CumulativeVolume, qd);
        w.NumericOrNull((f & TickFields.TotalBuySell) != 0, t.TotalBuyQuantity, qd);
        w.NumericOrNull((f & TickFields.TotalBuySell) != 0, t.TotalSellQuantity, qd);
        bool ohl = (f & TickFields.DayOhl) != 0;
        w.NumericOrNull(ohl, t.Open, pd);
        w.NumericOrNull(ohl, t.High, pd);
        w.NumericOrNull(ohl, t.Low, pd);
        w.NumericOrNull((f & TickFields.Close) != 0, t.Close, pd);
        w.NumericOrNull((f & TickFields.OpenInterest) != 0, t.OpenInterest, qd);
        if ((f & TickFields.LastTradeTime) != 0)
        {
            w.Timestamp(t.LastTradeTimeNs);
        }
        else
        {
            w.Null();
        }

        w.NumericOrNull((f & TickFields.NetChange) != 0, t.NetChange, pd);
    }
}
