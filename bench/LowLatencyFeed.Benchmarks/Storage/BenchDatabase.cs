using LowLatencyFeed.Storage.Cluster;
using LowLatencyFeed.Storage.Schema;
using Npgsql;

namespace LowLatencyFeed.Benchmarks.Storage;

/// <summary>
/// A private PostgreSQL cluster for one benchmark class: fsync on, <c>synchronous_commit = off</c> (commits do not wait
/// for the WAL flush; the setting every number of these benchmarks is measured with), schema migrated.
/// </summary>
internal sealed class BenchDatabase : IDisposable
{
    public const string SynchronousCommit = "off";

    private readonly LocalPostgresCluster _cluster;

    public BenchDatabase()
    {
        _cluster = LocalPostgresCluster.Start(new LocalPostgresClusterOptions
        {
            RootDirectory = Path.Combine(Path.GetTempPath(), "llfeed-bench-pg-" + Guid.NewGuid().ToString("N")[..10]),
            Durable = true,
            DeleteOnDispose = true,
            Settings = new Dictionary<string, string>
            {
                ["synchronous_commit"] = SynchronousCommit,
                ["shared_buffers"] = "'256MB'",
                ["max_wal_size"] = "'4GB'",
            },
        });
        _cluster.CreateDatabase("bench");
        ConnectionString = _cluster.GetConnectionString("bench");
        new Migrator(ConnectionString).Migrate();
    }

    public string ConnectionString { get; }

    /// <summary>Creates the partitions of <paramref name="day"/> (the raw COPY and INSERT baselines bypass the writer, which would).</summary>
    public void EnsurePartitions(DateOnly day)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        PartitionMaintainer.EnsureDays(connection, day, day);
    }

    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 600;
        command.ExecuteNonQuery();
    }

    public long Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _cluster.Dispose();
}
