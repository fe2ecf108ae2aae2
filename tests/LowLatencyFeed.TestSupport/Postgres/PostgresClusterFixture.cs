using LowLatencyFeed.Storage.Cluster;

namespace LowLatencyFeed.TestSupport.Postgres;

/// <summary>
/// One throwaway PostgreSQL cluster per test run (initdb + start take about 1.5 s): a free port on 127.0.0.1, its unix
/// socket and data in a temp directory removed on dispose, fsync off. Use it as an xunit collection fixture (declare
/// <c>[CollectionDefinition] class X : ICollectionFixture&lt;PostgresClusterFixture&gt;</c> in the test assembly) and give
/// each test its own database with <see cref="CreateDatabase"/>.
/// </summary>
public sealed class PostgresClusterFixture : IDisposable
{
    private int _databaseCounter;

    /// <summary>Starts the cluster. Throws with install advice when the machine has no PostgreSQL server binaries.</summary>
    public PostgresClusterFixture()
    {
        Cluster = StartPrivateCluster("shared");
    }

    /// <summary>The running cluster.</summary>
    public LocalPostgresCluster Cluster { get; }

    /// <summary>Creates a fresh, uniquely named database and returns its connection string.</summary>
    public string CreateDatabase(string prefix = "t")
    {
        int n = Interlocked.Increment(ref _databaseCounter);
        string name = $"{prefix}_{Environment.ProcessId}_{n}".ToLowerInvariant();
        Cluster.CreateDatabase(name);
        return Cluster.GetConnectionString(name);
    }

    /// <summary>
    /// Starts another private cluster, for tests that stop or crash the server (so they do not disturb the shared one).
    /// Dispose it to stop it and delete its directory.
    /// </summary>
    public static LocalPostgresCluster StartPrivateCluster(string label = "private") =>
        LocalPostgresCluster.Start(new LocalPostgresClusterOptions
        {
            RootDirectory = Path.Combine(Path.GetTempPath(), $"llfeed-pg-{label}-{Guid.NewGuid():N}"[..40]),
            Durable = false,
            DeleteOnDispose = true,
        });

    /// <inheritdoc />
    public void Dispose() => Cluster.Dispose();
}
