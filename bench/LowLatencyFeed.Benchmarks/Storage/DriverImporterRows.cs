using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Writing;
using Npgsql;
using NpgsqlTypes;

namespace LowLatencyFeed.Benchmarks.Storage;

/// <summary>
/// Rows written the way a typical Npgsql client writes binary COPY: <see cref="NpgsqlBinaryImporter"/>, one typed
/// <c>Write</c> per value, prices as <see cref="decimal"/> and times as <see cref="DateTime"/>. The comparison point
/// for our own encoder (<see cref="BinaryCopyBuffer"/>), which writes the same bytes.
/// </summary>
internal static class DriverImporterRows
{
    public static void Tick(NpgsqlBinaryImporter w, in TickRow row)
    {
        ref readonly TickPayload t = ref row.Tick;
        TickFields f = t.Fields;
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        w.Write(Pg.ToDateTime(row.Header.ExchangeTimeNs), NpgsqlDbType.TimestampTz);
        w.Write(row.Header.Instrument.Value, NpgsqlDbType.Bigint);
        w.Write(row.Header.Sequence, NpgsqlDbType.Bigint);
        w.Write(Pg.ToDateTime(row.Header.ReceiveTimeNs), NpgsqlDbType.TimestampTz);
        w.Write((int)row.Header.Flags, NpgsqlDbType.Integer);
        w.Write((int)f, NpgsqlDbType.Integer);
        NumericOrNull(w, (f & TickFields.LastPrice) != 0, t.LastPrice, pd);
        NumericOrNull(w, (f & TickFields.LastQuantity) != 0, t.LastQuantity, qd);
        NumericOrNull(w, (f & TickFields.AveragePrice) != 0, t.AveragePrice, pd);
        NumericOrNull(w, (f & TickFields.CumulativeVolume) != 0, t.CumulativeVolume, qd);
        NumericOrNull(w, (f & TickFields.TotalBuySell) != 0, t.TotalBuyQuantity, qd);
        NumericOrNull(w, (f & TickFields.TotalBuySell) != 0, t.TotalSellQuantity, qd);
        bool ohl = (f & TickFields.DayOhl) != 0;
        NumericOrNull(w, ohl, t.Open, pd);
        NumericOrNull(w, ohl, t.High, pd);
        NumericOrNull(w, ohl, t.Low, pd);
        NumericOrNull(w, (f & TickFields.Close) != 0, t.Close, pd);
        NumericOrNull(w, (f & TickFields.OpenInterest) != 0, t.OpenInterest, qd);
        if ((f & TickFields.LastTradeTime) != 0)
        {
            w.Write(Pg.ToDateTime(t.LastTradeTimeNs), NpgsqlDbType.TimestampTz);
        }
        else
        {
            w.WriteNull();
        }

        NumericOrNull(w, (f & TickFields.NetChange) != 0, t.NetChange, pd);
    }

    public static void Depth(NpgsqlBinaryImporter w, in DepthRow row)
    {
        w.Write(Pg.ToDateTime(row.TimeNs), NpgsqlDbType.TimestampTz);
        w.Write(row.Instrument, NpgsqlDbType.Bigint);
        w.Write((short)row.Side, NpgsqlDbType.Smallint);
        w.Write(row.Level, NpgsqlDbType.Smallint);
        w.Write(row.Sequence, NpgsqlDbType.Bigint);
        w.Write((short)row.UpdateKind, NpgsqlDbType.Smallint);
        w.Write(FixedPoint.ToDecimal(row.Price, row.PriceDecimals), NpgsqlDbType.Numeric);
        w.Write(FixedPoint.ToDecimal(row.Quantity, row.QuantityDecimals), NpgsqlDbType.Numeric);
        w.Write(row.Orders, NpgsqlDbType.Integer);
    }

    private static void NumericOrNull(NpgsqlBinaryImporter w, bool present, long mantissa, int decimals)
    {
        if (present)
        {
            w.Write(FixedPoint.ToDecimal(mantissa, decimals), NpgsqlDbType.Numeric);
        }
        else
        {
            w.WriteNull();
        }
    }
}
