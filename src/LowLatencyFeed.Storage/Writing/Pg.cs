using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Pricing;
using Npgsql;
using NpgsqlTypes;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>Typed writes for binary COPY: exact numerics from mantissas, timestamptz from Unix ns.</summary>
internal static class Pg
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Numeric(NpgsqlBinaryImporter w, long mantissa, int decimals) =>
        w.Write(FixedPoint.ToDecimal(mantissa, decimals), NpgsqlDbType.Numeric);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NumericOrNull(NpgsqlBinaryImporter w, bool present, long mantissa, int decimals)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Numeric128(NpgsqlBinaryImporter w, Int128 mantissa, int decimals) =>
        w.Write(FixedPoint.ToDecimal(mantissa, decimals), NpgsqlDbType.Numeric);

    /// <summary>timestamptz from Unix ns: PostgreSQL keeps microseconds, so the sub-microsecond part is truncated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Timestamp(NpgsqlBinaryImporter w, long unixNs) =>
        w.Write(ToDateTime(unixNs), NpgsqlDbType.TimestampTz);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DateTime ToDateTime(long unixNs) => new(UnixEpochTicks + (unixNs / 100), DateTimeKind.Utc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Bigint(NpgsqlBinaryImporter w, long value) => w.Write(value, NpgsqlDbType.Bigint);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Integer(NpgsqlBinaryImporter w, int value) => w.Write(value, NpgsqlDbType.Integer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Smallint(NpgsqlBinaryImporter w, short value) => w.Write(value, NpgsqlDbType.Smallint);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(NpgsqlBinaryImporter w, double value) => w.Write(value, NpgsqlDbType.Double);
}
