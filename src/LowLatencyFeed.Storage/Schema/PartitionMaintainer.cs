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
        ["indicators"] = null,
    };

    /// <summary>
    /// The unique key each market table's closed daily partitions get (V003 keeps the partition being written free of
    /// btrees, which cost more than the rows themselves; exactly-once comes from the checkpoint, not from the key).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ClosedDayKeys { get; } = new Dictionary<string, string>
    {
        ["ticks"] = "instrument_id, time, seq",
        ["trades"] = "instrument_id, time, seq",
        ["quotes"] = "instrument_id, time, seq",
        ["depth_levels_200"] = "instrument_id, time, side, level, seq",
    };

    /// <summary>
    /// The host's periodic job (hourly) for the plain flavour: creates the partitions of yesterday through
    /// <paramref name="daysAhead"/> days ahead, gives closed days their unique key (<see cref="KeyClosedDays"/>) and drops
    /// partitions past <see cref="RetentionDays"/>. A no-op on TimescaleDB.
    /// </summary>
    public static PartitionMaintenance Maintain(string connectionString, DateTimeOffset now, int daysAhead = 7)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        int created = EnsureDays(connection, today.AddDays(-1), today.AddDays(daysAhead));
        int dropped = DropExpired(connection, today);
        (int keyed, IReadOnlyList<string> duplicates) = KeyClosedDays(connection, today);
        return new PartitionMaintenance(created, dropped, keyed, duplicates);
    }

    /// <summary>
    /// Builds the <see cref="ClosedDayKeys"/> unique index on every market partition of a day before
    /// <paramref name="today"/> that lacks it. A day that cannot be keyed because it holds a duplicate row is returned
    /// (and retried next time) instead of failing the rest: the key doubles as an audit of exactly-once ingestion.
    /// Returns the partitions keyed now and the partitions holding duplicates.
    /// </summary>
    public static (int Keyed, IReadOnlyList<string> Duplicates) KeyClosedDays(NpgsqlConnection connection, DateOnly today)
    {
        int keyed = 0;
        var duplicates = new List<string>();
        foreach (string table in PartitionedTables(connection))
        {
            if (!ClosedDayKeys.TryGetValue(table, out string? columns))
            {
                continue;
            }

            foreach (string partition in Partitions(connection, table))
            {
                if (!TryParseDay(table, partition, out DateOnly day) || day >= today || Exists(connection, partition + "_key"))
                {
                    continue;
                }

                try
                {
                    using var create = new NpgsqlCommand($"CREATE UNIQUE INDEX {partition}_key ON llfeed.{partition} ({columns})", connection);
                    create.CommandTimeout = 0; // a full day of ticks takes a while; this runs off the ingest path
                    create.ExecuteNonQuery();
                    keyed++;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    duplicates.Add(partition);
                }
            }
        }

        return (keyed, duplicates);
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
