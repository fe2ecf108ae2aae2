using System.Globalization;
using LowLatencyFeed.Core.Events;
using Npgsql;

namespace LowLatencyFeed.Storage.Verification;

/// <summary>
/// Rows as canonical text, from the database and from journal events alike, so the two compare as strings: times in
/// microseconds (the database's resolution), prices and quantities as exact decimals, columns joined by <c>|</c>.
/// </summary>
public static class DatabaseRows
{
    private const string TimeSql = "(extract(epoch from {0}) * 1000000)::bigint";

    /// <summary>SQL that reads timestamp <paramref name="column"/> as whole microseconds since the epoch.</summary>
    public static string T(string column) => string.Format(CultureInfo.InvariantCulture, TimeSql, column);

    /// <summary>Every row <paramref name="sql"/> returns, each as <see cref="Row"/> text.</summary>
    public static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string sql)
    {
        var rows = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object?[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(Row(values));
        }

        return rows;
    }

    /// <summary>One row's canonical text.</summary>
    public static string Row(params object?[] values) => string.Join("|", values.Select(Format));

    /// <summary>A nanosecond time as the database stores it: microseconds, rounded towards negative infinity.</summary>
    public static long Micros(long ns) => ns >= 0 || ns % 1000 == 0 ? ns / 1000 : (ns / 1000) - 1;

    /// <summary>A tick field's exact value, or null when the tick does not carry it.</summary>
    public static decimal? Opt(TickFields fields, TickFields flag, long mantissa, int scale) => (fields & flag) != 0 ? Dec(mantissa, scale) : null;

    /// <summary>A fixed-point mantissa as an exact decimal.</summary>
    public static decimal Dec(long mantissa, int scale)
    {
        ulong magnitude = mantissa < 0 ? (ulong)-mantissa : (ulong)mantissa;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, mantissa < 0, (byte)scale);
    }

    /// <summary>A wide fixed-point mantissa (a bar's turnover) as an exact decimal.</summary>
    public static decimal Dec(Int128 mantissa, int scale)
    {
        UInt128 magnitude = mantissa < 0 ? (UInt128)(-mantissa) : (UInt128)mantissa;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), mantissa < 0, (byte)scale);
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        bool b => b ? "t" : "f",
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        float x => ((double)x).ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
