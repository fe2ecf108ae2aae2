using System.Globalization;
using Npgsql;

namespace LowLatencyFeed.Storage.Schema;

/// <summary>
/// Plain-PostgreSQL flavour: creates the daily range partitions (<c>llfeed.ticks_p20261123</c> …) of every partitioned
/// table ahead of time, on demand for the days a batch touches, and drops partitions past retention. A no-op on
/// TimescaleDB databases (hypertables make their own chunks).
/// </summary>
public static class PartitionMaintainer
{
    /// <summary>Retention of the plain flavour, matching the TimescaleDB policies of V001 (null keeps forever).</summary>
    public static IReadOnlyDictionary<string, int?> RetentionDays { get; } = new Dictionary<string, int?>
    {
        ["ticks"] = 90,
        ["trades"] = 90,
        ["quotes"] = 30,
        ["depth_levels_200"] = 7,
        ["book_metrics"] = 30,
        ["bars"] = null,
        ["signals"] = null,
    };

    /// <summary>
    /// The host's periodic job (say hourly) for the plain flavour: creates the partitions of yesterday through
    /// <paramref name="daysAhead"/> days ahead and drops those past <see cref="RetentionDays"/>. Returns (created, dropped);
    /// a no-op on TimescaleDB.
    /// </summary>
    public static (int Created, int Dropped) Maintain(string connectionString, DateTimeOffset now, int daysAhead = 7)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        int created = EnsureDays(connection, today.AddDays(-1), today.AddDays(daysAhead));
        int dropped = DropExpired(connection, today);
        return (created, dropped);
    }

    /// <summary>The llfeed tables that are range-partitioned in this database (empty on TimescaleDB).</summary>
    public static IReadOnlyList<string> PartitionedTables(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(
            """
            SELECT c.relname FROM pg_partitioned_table p
            JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'llfeed' ORDER BY 1
            """,
            connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>Creates the partitions of days <paramref name="from"/>..<paramref name="to"/> (UTC, inclusive) for every partitioned table; returns how many were new.</summary>
    public static int EnsureDays(NpgsqlConnection connection, DateOnly from, DateOnly to)
    {
        int created = 0;
        foreach (string table in PartitionedTables(connection))
        {
            for (DateOnly day = from; day <= to; day = day.AddDays(1))
            {
                if (EnsureDay(connection, table, day))
                {
                    created++;
                }
            }
        }

        return created;
    }

    /// <summary>Creates the partition of <paramref name="table"/> for <paramref name="day"/> unless it exists; true when it was created here.</summary>
    public static bool EnsureDay(NpgsqlConnection connection, string table, DateOnly day)
    {
        string partition = PartitionName(table, day);
        if (Exists(connection, partition))
        {
            return false;
        }

        string fromLiteral = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string toLiteral = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string sql = $"CREATE TABLE IF NOT EXISTS llfeed.{partition} PARTITION OF llfeed.{table} " +
                     $"FOR VALUES FROM ('{fromLiteral} 00:00:00+00') TO ('{toLiteral} 00:00:00+00')";
        try
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.InvalidObjectDefinition or PostgresErrorCodes.UniqueViolation)
        {
            // Another writer created it between our check and our CREATE.
            return false;
        }
    }

    /// <summary>Drops partitions whose whole day is older than each table's <see cref="RetentionDays"/> before <paramref name="today"/>; returns how many.</summary>
    public static int DropExpired(NpgsqlConnection connection, DateOnly today)
    {
        int dropped = 0;
        foreach (string table in PartitionedTables(connection))
        {
            if (!RetentionDays.TryGetValue(table, out int? days) || days is null)
            {
                continue;
            }

            DateOnly cutoff = today.AddDays(-days.Value);
            foreach (string partition in Partitions(connection, table))
            {
                if (TryParseDay(table, partition, out DateOnly day) && day < cutoff)
                {
                    using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS llfeed.{partition}", connection);
                    drop.ExecuteNonQuery();
                    dropped++;
                }
            }
        }

        return dropped;
    }

    /// <summary>The partition name of <paramref name="table"/> for <paramref name="day"/>.</summary>
    public static string PartitionName(string table, DateOnly day) => $"{table}_p{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>The UTC day number (days since 1970-01-01) of a Unix-nanosecond time.</summary>
    public static int UnixDay(long unixNs) => (int)Math.Floor(unixNs / 86_400_000_000_000.0);

    /// <summary>The date of a Unix day number.</summary>
    public static DateOnly DayFromUnixDay(int unixDay) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + unixDay);

    private static List<string> Partitions(NpgsqlConnection connection, string table)
    {
        using var command = new NpgsqlCommand(
            """
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = p.relnamespace
            WHERE n.nspname = 'llfeed' AND p.relname = @t
            """,
            connection);
        command.Parameters.AddWithValue("t", table);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static bool TryParseDay(string table, string partition, out DateOnly day) =>
        DateOnly.TryParseExact(partition.AsSpan(table.Length + 2), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static bool Exists(NpgsqlConnection connection, string partition)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass(@n) IS NOT NULL", connection);
        command.Parameters.AddWithValue("n", "llfeed." + partition);
        return (bool)command.ExecuteScalar()!;
    }
}
