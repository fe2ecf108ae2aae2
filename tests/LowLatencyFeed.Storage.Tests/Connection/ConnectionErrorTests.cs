using System.Net;
using System.Net.Sockets;
using LowLatencyFeed.Storage.CatchUp;
using LowLatencyFeed.Storage.Connection;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;
using Npgsql;

namespace LowLatencyFeed.Storage.Tests.Connection;

[Collection(PostgresCollection.Name)]
public sealed class ConnectionErrorTests
{
    private readonly PostgresClusterFixture _pg;

    public ConnectionErrorTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public void Wrong_password_is_reported_as_such()
    {
        var b = new NpgsqlConnectionStringBuilder(_pg.Cluster.GetConnectionString()) { Password = "not-the-password" };
        var error = Assert.Throws<DatabaseException>(() => new Migrator(b.ConnectionString).Migrate());
        Assert.Equal(DatabaseErrorKind.WrongPassword, error.Kind);
        Assert.Contains($"refused the login of user 'postgres': wrong password", error.Message, StringComparison.Ordinal);
        Assert.Contains("28P01", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Missing_database_is_reported_with_its_name()
    {
        string cs = _pg.Cluster.GetConnectionString("no_such_db");
        var error = Assert.Throws<DatabaseException>(() => new Migrator(cs).Migrate());
        Assert.Equal(DatabaseErrorKind.MissingDatabase, error.Kind);
        Assert.Contains("Database 'no_such_db' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("createdb no_such_db", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_down_is_reported_as_connection_refused()
    {
        int port = ClosedPort();
        string cs = $"Host=127.0.0.1;Port={port};Username=postgres;Password=x;Database=postgres;Timeout=3";
        var error = Assert.Throws<DatabaseException>(() => new Migrator(cs).Migrate());
        Assert.Equal(DatabaseErrorKind.ServerUnreachable, error.Kind);
        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port} (connection refused", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void Writers_count_each_kind_of_failure_and_keep_the_message()
    {
        string good = _pg.CreateDatabase("err");
        new Migrator(good).Migrate();
        var cases = new (string ConnectionString, DatabaseErrorKind Kind, string Text)[]
        {
            (new NpgsqlConnectionStringBuilder(good) { Password = "wrong" }.ConnectionString, DatabaseErrorKind.WrongPassword, "wrong password"),
            (_pg.Cluster.GetConnectionString("missing_db_x"), DatabaseErrorKind.MissingDatabase, "does not exist"),
            ($"Host=127.0.0.1;Port={ClosedPort()};Username=u;Password=p;Database=d;Timeout=3", DatabaseErrorKind.ServerUnreachable, "connection refused"),
        };

        foreach ((string cs, DatabaseErrorKind kind, string text) in cases)
        {
            using var journal = new TestJournal();
            var options = new StorageOptions { InitialRetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(20) };
            var storage = new StorageService(cs, journal.Source, journal.NextSequence, options);
            storage.Start();
            Wait.Until(() => storage.Stats[StorageStream.Ticks].Failures >= 2, $"two {kind} failures");
            storage.Stop(TimeSpan.FromSeconds(1));

            Assert.True(storage.Stats.Errors(kind) >= 2, $"{kind} counter");
            Assert.True(storage.Stats[StorageStream.Ticks].Failures == CountOf(storage.Stats[StorageStream.Ticks], kind), $"only {kind} failures");
            Assert.Equal(kind, storage.Stats.LastErrorKind);
            Assert.Contains(text, storage.Stats.LastError, StringComparison.Ordinal);
        }
    }

    private static long CountOf(Diagnostics.StreamStatistics s, DatabaseErrorKind kind) => kind switch
    {
        DatabaseErrorKind.WrongPassword => s.WrongPasswordErrors,
        DatabaseErrorKind.MissingDatabase => s.MissingDatabaseErrors,
        _ => s.ServerUnreachableErrors,
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
