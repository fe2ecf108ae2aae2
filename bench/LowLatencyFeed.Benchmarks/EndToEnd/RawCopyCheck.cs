using System.Diagnostics;
using Npgsql;

namespace LowLatencyFeed.Benchmarks.EndToEnd;

/// <summary>
/// The database's own limit next to the engine's: the market rows a run stored, exported with one binary COPY per
/// table, the tables truncated, and the same bytes written back with one raw binary COPY per table — no engine, no
/// batching, no checkpoints. Rows/s of that is what PostgreSQL on this machine takes for exactly these rows.
/// </summary>
internal static class RawCopyCheck
{
    private static readonly string[] s_tables = ["ticks", "trades", "quotes", "depth_levels_200"];

    /// <summary>Rows re-copied and the seconds the COPYs took.</summary>
    public static (long Rows, double Seconds) Run(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        long rows = 0;
        var exported = new List<(string Table, byte[] Bytes)>();
        foreach (string table in s_tables)
        {
            using (var count = new NpgsqlCommand($"SELECT count(*) FROM llfeed.{table}", connection))
            {
                rows += (long)count.ExecuteScalar()!;
            }

            using var buffer = new MemoryStream();
            using (Stream source = connection.BeginRawBinaryCopy($"COPY (SELECT * FROM llfeed.{table}) TO STDOUT (FORMAT BINARY)"))
            {
                source.CopyTo(buffer);
            }

            exported.Add((table, buffer.ToArray()));
            using var truncate = new NpgsqlCommand($"TRUNCATE llfeed.{table}", connection);
            truncate.ExecuteNonQuery();
        }

        var stopwatch = Stopwatch.StartNew();
        foreach ((string table, byte[] bytes) in exported)
        {
            using Stream target = connection.BeginRawBinaryCopy($"COPY llfeed.{table} FROM STDIN (FORMAT BINARY)");
            target.Write(bytes);
        }

        return (rows, stopwatch.Elapsed.TotalSeconds);
    }
}
