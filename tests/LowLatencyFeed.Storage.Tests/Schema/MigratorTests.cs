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
        Assert.Equal(10, result.CurrentVersion);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], result.Applied);

        // 8 partitioned tables × days 2026-01-04 .. 2026-01-07.
        Assert.Equal(32, result.PartitionsCreated);
        Assert.Equal(
            "bars,book_metrics,depth_levels_200,indicators,quotes,signals,ticks,trades",
            Db.Scalar<string>(cs, "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"));
        Assert.True(Db.Scalar<bool>(cs, "SELECT to_regclass('llfeed.ticks_p20260104') IS NOT NULL AND to_regclass('llfeed.ticks_p20260107') IS NOT NULL AND to_regclass('llfeed.ticks_p20260108') IS NULL"));
        Assert.Equal(
            "FOR VALUES FROM ('2026-01-05 00:00:00+00') TO ('2026-01-06 00:00:00+00')",
            Db.Scalar<string>(cs, "SET TIME ZONE 'UTC'; SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'depth_levels_200_p20260105'"));
        Assert.Equal(
            "backfill_progress,exchange_sessions,feed_subscriptions,ingestion_checkpoints,ingestion_stats,instrument_master,instrument_sessions,instruments,schema_version",
            Db.Scalar<string>(cs, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'llfeed' AND tablename NOT LIKE '%\\_p2%' AND tablename NOT IN ('ticks','trades','quotes','depth_levels_200','bars','book_metrics','signals','indicators')"));
        Assert.Equal("bars_15m,bars_15m_anchored,bars_1d,bars_1h", Db.Scalar<string>(cs, "SELECT string_agg(viewname, ',' ORDER BY viewname) FROM pg_views WHERE schemaname = 'llfeed'"));
        Assert.Equal("plain,plain,plain,plain,plain,plain,plain,plain,plain,plain", Db.Scalar<string>(cs, "SELECT string_agg(flavor, ',' ORDER BY version) FROM llfeed.schema_version"));
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
        Assert.Equal(10, again.PreviousVersion);
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

        Assert.Equal(10, results.Sum(r => r.Applied.Count));
        Assert.Equal(10L, Db.Scalar<long>(cs, "SELECT count(*) FROM llfeed.schema_version"));
    }

    [Fact]
    public void A_database_at_a_newer_schema_version_is_refused_with_a_clear_message()
    {
        string cs = _pg.CreateDatabase("mig");
        new Migrator(cs, s_options).Migrate();
        Db.Execute(cs, "INSERT INTO llfeed.schema_version (version, name, flavor, checksum) VALUES (11, 'from_the_future', 'plain', 'x')");

        var error = Assert.Throws<DatabaseException>(() => new Migrator(cs, s_options).Migrate());

        Assert.Equal(DatabaseErrorKind.NewerSchema, error.Kind);
        Assert.Contains("schema version 11, newer than this build's 10", error.Message, StringComparison.Ordinal);
        Assert.Equal(11L, Db.Scalar<long>(cs, "SELECT count(*) FROM llfeed.schema_version"));
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

        Assert.Equal(8, PartitionMaintainer.EnsureDays(connection, new DateOnly(2026, 1, 8), new DateOnly(2026, 1, 8)));
        Assert.Equal(0, PartitionMaintainer.EnsureDays(connection, new DateOnly(2026, 1, 8), new DateOnly(2026, 1, 8)));

        // 2026-01-20: depth keeps 7 days, so its partitions of 01-04..01-08 (all older than 01-13) go; ticks (90 days) keep theirs.
        int dropped = PartitionMaintainer.DropExpired(connection, new DateOnly(2026, 1, 20));
        Assert.Equal(5, dropped);
        Assert.True(Db.Scalar<bool>(cs, "SELECT to_regclass('llfeed.depth_levels_200_p20260108') IS NULL AND to_regclass('llfeed.ticks_p20260104') IS NOT NULL"));
    }

    [Fact]
    public void Market_tables_are_written_without_a_btree_and_closed_days_get_their_unique_key()
    {
        string cs = _pg.CreateDatabase("mig");
        new Migrator(cs, s_options).Migrate();
        const string IndexesOfTicksPartition =
            "SELECT string_agg(a.amname || ':' || x.relname, ',' ORDER BY x.relname) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid " +
            "JOIN pg_am a ON a.oid = x.relam WHERE i.indrelid = 'llfeed.ticks_p20260104'::regclass";
        Assert.Equal("brin:ticks_p20260104_time_seq_idx", Db.Scalar<string>(cs, IndexesOfTicksPartition));
        Assert.Equal(0L, Db.Scalar<long>(cs, "SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND conrelid IN ('llfeed.ticks'::regclass, 'llfeed.trades'::regclass, 'llfeed.quotes'::regclass, 'llfeed.depth_levels_200'::regclass)"));
        Assert.Equal(1L, Db.Scalar<long>(cs, "SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND conrelid = 'llfeed.bars'::regclass"));

        // 01-04 holds a duplicated event (what a broken writer would leave); 01-05 is clean; 01-06 is today, still live.
        const string Tick = "INSERT INTO llfeed.ticks (time, instrument_id, seq, receive_time, flags, fields) VALUES ";
        Db.Execute(cs, Tick + "('2026-01-04 10:00+00', 7, 1, now(), 0, 0), ('2026-01-04 10:00+00', 7, 1, now(), 0, 0), " +
                           "('2026-01-05 10:00+00', 7, 2, now(), 0, 0), ('2026-01-05 10:00+00', 7, 3, now(), 0, 0), ('2026-01-06 10:00+00', 7, 4, now(), 0, 0)");
        using var connection = new Npgsql.NpgsqlConnection(cs);
        connection.Open();

        (int keyed, IReadOnlyList<string> duplicates) = PartitionMaintainer.KeyClosedDays(connection, new DateOnly(2026, 1, 6));

        // ticks, trades, quotes, depth × 01-04, 01-05 = 8 closed partitions, less the one holding the duplicate.
        Assert.Equal(7, keyed);
        Assert.Equal(["ticks_p20260104"], duplicates);
        Assert.True(Db.Scalar<bool>(cs, "SELECT to_regclass('llfeed.ticks_p20260105_key') IS NOT NULL AND to_regclass('llfeed.ticks_p20260106_key') IS NULL AND to_regclass('llfeed.depth_levels_200_p20260105_key') IS NOT NULL"));
        Assert.Equal(
            "CREATE UNIQUE INDEX depth_levels_200_p20260105_key ON llfeed.depth_levels_200_p20260105 USING btree (instrument_id, \"time\", side, level, seq)",
            Db.Scalar<string>(cs, "SELECT pg_get_indexdef('llfeed.depth_levels_200_p20260105_key'::regclass)"));
        Assert.Throws<Npgsql.PostgresException>(() => Db.Execute(cs, Tick + "('2026-01-05 10:00+00', 7, 2, now(), 0, 0)"));

        // Keyed days are skipped next time; the duplicate day is reported again until someone repairs it.
        (int again, IReadOnlyList<string> stillDuplicated) = PartitionMaintainer.KeyClosedDays(connection, new DateOnly(2026, 1, 6));
        Assert.Equal(0, again);
        Assert.Equal(["ticks_p20260104"], stillDuplicated);
    }
}
