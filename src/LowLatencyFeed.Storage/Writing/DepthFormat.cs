using LowLatencyFeed.Storage.Staging;
using Npgsql;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.depth_levels_200</c>.</summary>
internal readonly struct DepthFormat : ITableFormat<DepthRow>
{
    public static StorageStream Stream => StorageStream.Depth;

    public static string Columns => "time, instrument_id, side, level, seq, update_kind, price, quantity, orders";

    public static string? DistinctOn => null;

    public static string? Conflict => null;

    public static long Sequence(in DepthRow row) => row.Sequence;

    public static long TimeNs(in DepthRow row) => row.TimeNs;

    public static void Write(NpgsqlBinaryImporter w, in DepthRow row)
    {
        Pg.Timestamp(w, row.TimeNs);
        Pg.Bigint(w, row.Instrument);
        Pg.Smallint(w, row.Side);
        Pg.Smallint(w, row.Level);
        Pg.Bigint(w, row.Sequence);
        Pg.Smallint(w, row.UpdateKind);
        Pg.Numeric(w, row.Price, row.PriceDecimals);
        Pg.Numeric(w, row.Quantity, row.QuantityDecimals);
        Pg.Integer(w, row.Orders);
    }
}
