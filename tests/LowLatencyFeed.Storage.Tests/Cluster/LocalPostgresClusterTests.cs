using LowLatencyFeed.Storage.Cluster;
using LowLatencyFeed.Storage.Connection;
using LowLatencyFeed.Storage.Tests.Support;

namespace LowLatencyFeed.Storage.Tests.Cluster;

public sealed class LocalPostgresClusterTests
{
    [Fact]
    public void A_persistent_cluster_keeps_its_data_and_port_across_restarts_and_adopts_a_running_server()
    {
        string root = Path.Combine(Path.GetTempPath(), "llfeed-pg-persist-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            int port;
            using (LocalPostgresCluster first = LocalPostgresCluster.Start(new LocalPostgresClusterOptions { RootDirectory = root, Durable = false, KeepRunningOnDispose = true }))
            {
                port = first.Port;
                first.CreateDatabase("keep");
                Db.Execute(first.GetConnectionString("keep"), "CREATE TABLE t (x int); INSERT INTO t VALUES (42)");
            }

            // The server outlived the first owner (like a host killed with SIGKILL): the next start adopts it.
            using (LocalPostgresCluster adopted = LocalPostgresCluster.Start(new LocalPostgresClusterOptions { RootDirectory = root, Durable = false }))
            {
                Assert.Equal(port, adopted.Port);
                Assert.Equal(42, Db.Scalar<int>(adopted.GetConnectionString("keep"), "SELECT x FROM t"));
            }

            // Disposed without KeepRunning: stopped, data kept.
            using LocalPostgresCluster again = LocalPostgresCluster.Start(new LocalPostgresClusterOptions { RootDirectory = root, Durable = false, DeleteOnDispose = true });
            Assert.Equal(42, Db.Scalar<int>(again.GetConnectionString("keep"), "SELECT x FROM t"));
            Assert.True(File.Exists(Path.Combine(root, "data", "PG_VERSION")));
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public void Bootstrap_prefers_configuration_then_DATABASE_URL_then_a_private_cluster()
    {
        string data = Path.Combine(Path.GetTempPath(), "llfeed-data-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            using (DatabaseTarget configured = DatabaseBootstrap.Resolve("Host=db.internal;Database=feed;Username=u", data, environment: _ => "postgres://x@y/z"))
            {
                Assert.False(configured.IsJournalOnly);
                Assert.Null(configured.PrivateCluster);
                Assert.Contains("'feed' at db.internal:5432 (from configuration)", configured.Description, StringComparison.Ordinal);
            }

            using (DatabaseTarget fromUrl = DatabaseBootstrap.Resolve(null, data, environment: _ => "postgres://x@y:6543/z"))
            {
                Assert.Contains("'z' at y:6543 (from DATABASE_URL)", fromUrl.Description, StringComparison.Ordinal);
            }

            using (DatabaseTarget none = DatabaseBootstrap.Resolve(null, data, allowPrivateCluster: false, environment: _ => null))
            {
                Assert.True(none.IsJournalOnly);
                Assert.Contains("journal-only", none.Description, StringComparison.Ordinal);
            }

            using DatabaseTarget local = DatabaseBootstrap.Resolve(null, data, environment: _ => null);
            Assert.NotNull(local.PrivateCluster);
            Assert.StartsWith(Path.Combine(data, "postgres"), local.PrivateCluster!.RootDirectory, StringComparison.Ordinal);
            Assert.Equal("llfeed", Db.Scalar<string>(local.ConnectionString!, "SELECT current_database()"));
            Assert.Contains("Private PostgreSQL cluster", local.Description, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
