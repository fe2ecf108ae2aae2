using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.trades</c>.</summary>
internal readonly struct TradeFormat : ITableFormat<TickRow>
{
    public static StorageStream Stream => StorageStream.Trades;

    public static string Columns => "time, instrument_id, seq, receive_time, price, quantity, trade_id, seller_aggressor";

    public static short FieldCount => 8;

    public static string? DistinctOn => null;

    public static string? Conflict => null;

    public static long Sequence(in TickRow row) => row.Header.Sequence;

    public static long TimeNs(in TickRow row) => row.Header.ExchangeTimeNs;

    public static void Write(BinaryCopyBuffer w, in TickRow row)
    {
        w.Timestamp(row.Header.ExchangeTimeNs);
        w.Bigint(row.Header.Instrument.Value);
        w.Bigint(row.Header.Sequence);
        w.Timestamp(row.Header.ReceiveTimeNs);
        w.Numeric(row.Tick.LastPrice, row.Header.PriceDecimals);
        w.Numeric(row.Tick.LastQuantity, row.Header.QuantityDecimals);
        if ((row.Tick.Fields & TickFields.TradeId) != 0)
        {
            w.Bigint(row.Tick.TradeId);
        }
        else
        {
            w.Null();
        }

        w.Boolean((row.Header.Flags & EventFlags.SellerAggressor) != 0);
    }
}
