using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Storage.Staging;
using Npgsql;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.ticks</c>: absent fields (per <see cref="TickPayload.Fields"/>) are NULL.</summary>
internal readonly struct TickFormat : ITableFormat<TickRow>
{
    public static StorageStream Stream => StorageStream.Ticks;

    public static string Columns =>
        "time, instrument_id, seq, receive_time, flags, fields, last_price, last_quantity, average_price, volume, " +
        "total_buy_quantity, total_sell_quantity, open, high, low, close, open_interest, last_trade_time, net_change";

    public static string? DistinctOn => null;

    public static string? Conflict => null;

    public static long Sequence(in TickRow row) => row.Header.Sequence;

    public static long TimeNs(in TickRow row) => row.Header.ExchangeTimeNs;

    public static void Write(NpgsqlBinaryImporter w, in TickRow row)
    {
        ref readonly TickPayload t = ref row.Tick;
        TickFields f = t.Fields;
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        Pg.Timestamp(w, row.Header.ExchangeTimeNs);
        Pg.Bigint(w, row.Header.Instrument.Value);
        Pg.Bigint(w, row.Header.Sequence);
        Pg.Timestamp(w, row.Header.ReceiveTimeNs);
        Pg.Integer(w, (int)row.Header.Flags);
        Pg.Integer(w, (int)f);
        Pg.NumericOrNull(w, (f & TickFields.LastPrice) != 0, t.LastPrice, pd);
        Pg.NumericOrNull(w, (f & TickFields.LastQuantity) != 0, t.LastQuantity, qd);
        Pg.NumericOrNull(w, (f & TickFields.AveragePrice) != 0, t.AveragePrice, pd);
        Pg.NumericOrNull(w, (f & TickFields.CumulativeVolume) != 0, t.CumulativeVolume, qd);
        Pg.NumericOrNull(w, (f & TickFields.TotalBuySell) != 0, t.TotalBuyQuantity, qd);
        Pg.NumericOrNull(w, (f & TickFields.TotalBuySell) != 0, t.TotalSellQuantity, qd);
        bool ohl = (f & TickFields.DayOhl) != 0;
        Pg.NumericOrNull(w, ohl, t.Open, pd);
        Pg.NumericOrNull(w, ohl, t.High, pd);
        Pg.NumericOrNull(w, ohl, t.Low, pd);
        Pg.NumericOrNull(w, (f & TickFields.Close) != 0, t.Close, pd);
        Pg.NumericOrNull(w, (f & TickFields.OpenInterest) != 0, t.OpenInterest, qd);
        if ((f & TickFields.LastTradeTime) != 0)
        {
            Pg.Timestamp(w, t.LastTradeTimeNs);
        }
        else
        {
            w.WriteNull();
        }

        Pg.NumericOrNull(w, (f & TickFields.NetChange) != 0, t.NetChange, pd);
    }
}
