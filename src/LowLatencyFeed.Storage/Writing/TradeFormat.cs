using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Storage.Staging;
using Npgsql;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.trades</c>.</summary>
internal readonly struct TradeFormat : ITableFormat<TickRow>
{
    public static StorageStream Stream => StorageStream.Trades;

    public static string Columns => "time, instrument_id, seq, receive_time, price, quantity, trade_id, seller_aggressor";

    public static string? DistinctOn => null;

    public static string? Conflict => null;

    public static long Sequence(in TickRow row) => row.Header.Sequence;

    public static long TimeNs(in TickRow row) => row.Header.ExchangeTimeNs;

    public static void Write(NpgsqlBinaryImporter w, in TickRow row)
    {
        Pg.Timestamp(w, row.Header.ExchangeTimeNs);
        Pg.Bigint(w, row.Header.Instrument.Value);
        Pg.Bigint(w, row.Header.Sequence);
        Pg.Timestamp(w, row.Header.ReceiveTimeNs);
        Pg.Numeric(w, row.Tick.LastPrice, row.Header.PriceDecimals);
        Pg.Numeric(w, row.Tick.LastQuantity, row.Header.QuantityDecimals);
        if ((row.Tick.Fields & TickFields.TradeId) != 0)
        {
            Pg.Bigint(w, row.Tick.TradeId);
        }
        else
        {
            w.WriteNull();
        }

        w.Write((row.Header.Flags & EventFlags.SellerAggressor) != 0, NpgsqlTypes.NpgsqlDbType.Boolean);
    }
}
