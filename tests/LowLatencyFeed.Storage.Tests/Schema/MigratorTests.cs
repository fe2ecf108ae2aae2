using LowLatencyFeed.Storage.Connection;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Schema;

[Collection(PostgresCollection.Name)]
public sealed class MigratorTests
{
    private static readonly MigratorOptions s_options = new() { Now = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), PartitionDaysAhead = 2 };
    private readonly PostgresClusterFixture _pg;

    public MigratorTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public void Fresh_database_gets_every_table_as_daily_partitions_without_timescaledb()
    {
        string cs = _pg.CreateDatabase("mig");
        MigrationResult result = new Migrator(cs, s_options).Migrate();

        Assert.Equal(SchemaFlavor.Plain, result.Flavor);
        Assert.Equal(0, result.PreviousVersion);
        Assert.Equal(2, result.CurrentVersion);
        Assert.Equal([1, 2], result.Applied);

        // 7 partitioned tables × days 2026-01-04 .. 2026-01-07.
        Assert.Equal(28, result.PartitionsCreated);
        Assert.Equal(
            "bars,book_metrics,depth_levels_200,quotes,signals,ticks,trades",
            Db.Scalar<string>(cs, "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"));
        Assert.True(Db.Scalar<bool>(cs, "SELECT to_regclass('llfeed.ticks_p20260104') IS NOT NULL AND to_regclass('llfeed.ticks_p20260107') IS NOT NULL AND to_regclass('llfeed.ticks_p20260108') IS NULL"));
        Assert.Equal(
            "FOR VALUES FROM ('2026-01-05 00:00:00+00') TO ('2026-01-06 00:00:00+00')",
            Db.Scalar<string>(cs, "SET TIME ZONE 'UTC'; SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'depth_levels_200_p20260105'"));
        Assert.Equal(
            "ingestion_checkpoints,ingestion_stats,instruments,schema_version",
            Db.Scalar<string>(cs, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'llfeed' AND tablename NOT LIKE '%\\_p2%' AND tablename NOT IN ('ticks','trades','quotes','depth_levels_200','bars','book_metrics','signals')"));
        Assert.Equal("bars_1d,bars_1h", Db.Scalar<string>(cs, "SELECT string_agg(viewname, ',' ORDER BY viewname) FROM pg_views WHERE schemaname = 'llfeed'"));
        Assert.Equal("plain,plain", Db.Scalar<string>(cs, "SELECT string_agg(flavor, ',' ORDER BY version) FROM llfeed.schema_version"));
    }

    [Fact]
    public void Migrating_again_changes_nothing()
    {
        string cs = _pg.CreateDatabase("mig");
        new Migrator(cs, s_options).Migrate();
        Db.Execute(cs, "INSERT INTO llfeed.ingestion_checkpoints (stream, last_seq) VALUES ('ticks', 41)");
        string before = Db.Scalar<string>(cs, "SELECT string_agg(version || ':' || checksum || ':' || applied_at, ',' ORDER BY version) FROM llfeed.schema_version");

        MigrationResult again = new Migrator(cs, s_options).Migrate();

        Assert.Empty(again.Applied);
        Assert.Equal(2, again.PreviousVersion);
        Assert.Equal(0, again.PartitionsCreated);
        Assert.Equal(before, Db.Scalar<string>(cs, "SELECT string_agg(version || ':' || checksum || ':' || applied_at, ',' ORDER BY version) FROM llfeed.schema_version"));
        Assert.Equal(41L, Db.Scalar<long>(cs, "SELECT last_seq FROM llfeed.ingestion_checkpoints WHERE stream = 'ticks'"));
    }

    [Fact]
    public void Concurrent_migrators_apply_each_version_once()
    {
        string cs = _pg.CreateDatabase("mig");
        MigrationResult[] results = new MigrationResult[3];
        Parallel.For(0, 3, i => results[i] = new Migrator(cs, s_options).Migrate());

        Assert.Equal(2, results.Sum(r => r.Applied.Count));
        Assert.Equal(2L, Db.Scalar<long>(cs, "SELECT count(*) FROM llfeed.schema_version"));
    }

    [Fact]
    public void A_database_at_a_newer_schema_version_is_refused_with_a_clear_message()
    {
        string cs = _pg.CreateDatabase("mig");
        new Migrator(cs, s_options).Migrate();
        Db.Execute(cs, "INSERT INTO llfeed.schema_version (version, name, flavor, checksum) VALUES (3, 'from_the_future', 'plain', 'x')");

        var error = Assert.Throws<DatabaseException>(() => new Migrator(cs, s_options).Migrate());

        Assert.Equal(DatabaseErrorKind.NewerSchema, error.Kind);
        Assert.Contains("schema version 3, newer than this build's 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(3L, Db.Scalar<long>(cs, "SELECT count(*) FROM llfeed.schema_version"));
    }

    [Fact]
    public void Requiring_timescaledb_on_a_server_without_it_fails_clearly()
    {
        string cs = _pg.CreateDatabase("mig");
        var error = Assert.Throws<DatabaseException>(() => new Migrator(cs, new MigratorOptions { Timescale = TimescaleMode.Require }).Migrate());
        Assert.Contains("TimescaleDB is required", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Db.Scalar<long>(cs, "SELECT count(*) FROM llfeed.schema_version"));
    }

    [Fact]
    public void Partition_maintenance_creates_ahead_and_drops_past_retention()
    {
        string cs = _pg.CreateDatabase("mig");
        new Migrator(cs, s_options).Migrate();
        using var connection = new Npgsql.NpgsqlConnection(cs);
        connection.Open();

        Assert.Equal(7, PartitionMaintainer.EnsureDays(connection, new DateOnly(2026, 1, 8), new DateOnly(2026, 1, 8)));
        Assert.Equal(0, PartitionMaintainer.EnsureDays(connection, new DateOnly(2026, 1, 8), new DateOnly(2026, 1, 8)));

        // 2026-01-20: depth keeps 7 days, so its partitions of 01-04..01-08 (all older than 01-13) go; ticks (90 days) keep theirs.
        int dropped = PartitionMaintainer.DropExpired(connection, new DateOnly(2026, 1, 20));
        Assert.Equal(5, dropped);
        Assert.True(Db.Scalar<bool>(cs, "SELECT to_regclass('llfeed.depth_levels_200_p20260108') IS NULL AND to_regclass('llfeed.ticks_p20260104') IS NOT NULL"));
    }
}
