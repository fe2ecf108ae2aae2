using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.depth_levels_200</c>.</summary>
internal readonly struct DepthFormat : ITableFormat<DepthRow>
{
    public static StorageStream Stream => StorageStream.Depth;

    public static string Columns => "time, instrument_id, side, level, seq, update_kind, price, quantity, orders";

    public static short FieldCount => 9;

    public static string? DistinctOn => null;

    public static string? Conflict => null;

    public static long Sequence(in DepthRow row) => row.Sequence;

    public static long TimeNs(in DepthRow row) => row.TimeNs;

    public static void Write(BinaryCopyBuffer w, in DepthRow row)
    {
        w.Timestamp(row.TimeNs);
        w.Bigint(row.Instrument);
        w.Smallint(row.Side);
        w.Smallint(row.Level);
        w.Bigint(row.Sequence);
        w.Smallint(row.UpdateKind);
        w.Numeric(row.Price, row.PriceDecimals);
        w.Numeric(row.Quantity, row.QuantityDecimals);
        w.Integer(row.Orders);
    }
}
