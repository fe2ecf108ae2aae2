using LowLatencyFeed.Storage.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LowLatencyFeed.Storage.Schema;

/// <summary>
/// Applies the embedded migrations (<see cref="MigrationCatalog"/>) in order, each in its own transaction together with
/// its row in <c>llfeed.schema_version</c>. Idempotent; serialised across processes by an advisory lock; refuses a
/// database whose schema is newer than this build. Picks the flavour once (TimescaleDB when available, see
/// <see cref="TimescaleMode"/>) and keeps it for the database's life.
/// </summary>
public sealed class Migrator
{
    /// <summary>Advisory lock key shared by every migrating process ("llfeed" in ASCII).</summary>
    public const long LockKey = 0x6c6c66656564;

    private readonly string _connectionString;
    private readonly MigratorOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator for the database of <paramref name="connectionString"/>.</summary>
    public Migrator(string connectionString, MigratorOptions? options = null, ILogger? logger = null)
    {
        _connectionString = connectionString;
        _options = options ?? new MigratorOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Brings the schema to <see cref="MigrationCatalog.LatestVersion"/>. Throws <see cref="DatabaseException"/> with a
    /// specific message for a wrong password, a missing database, an unreachable server or a newer schema.
    /// </summary>
    public MigrationResult Migrate()
    {
        NpgsqlConnection connection;
        try
        {
            connection = new NpgsqlConnection(_connectionString);
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException)
        {
            throw DatabaseErrors.Classify(e, _connectionString);
        }

        using (connection)
        {
            Execute(connection, $"SELECT pg_advisory_lock({LockKey})");
            try
            {
                return MigrateLocked(connection);
            }
            finally
            {
                Execute(connection, $"SELECT pg_advisory_unlock({LockKey})");
            }
        }
    }

    /// <summary>Reads the database's schema version and flavour without changing anything (0 and null when empty).</summary>
    public static (int Version, SchemaFlavor? Flavor) ReadVersion(NpgsqlConnection connection)
    {
        using var exists = new NpgsqlCommand("SELECT to_regclass('llfeed.schema_version') IS NOT NULL", connection);
        if (!(bool)exists.ExecuteScalar()!)
        {
            return (0, null);
        }

        using var read = new NpgsqlCommand("SELECT version, flavor FROM llfeed.schema_version ORDER BY version DESC LIMIT 1", connection);
        using NpgsqlDataReader reader = read.ExecuteReader();
        if (!reader.Read())
        {
            return (0, null);
        }

        return (reader.GetInt32(0), ParseFlavor(reader.GetString(1)));
    }

    /// <summary>Throws <see cref="DatabaseException"/> (<see cref="DatabaseErrorKind.NewerSchema"/>) when the database is newer than this build.</summary>
    public static void EnsureNotNewer(int databaseVersion, string where)
    {
        if (databaseVersion > MigrationCatalog.LatestVersion)
        {
            throw new DatabaseException(
                DatabaseErrorKind.NewerSchema,
                $"The database {where} has LowLatencyFeed schema version {databaseVersion}, newer than this build's " +
                $"{MigrationCatalog.LatestVersion}. It was migrated by a newer llfeed; run that version, or point this one at another database.");
        }
    }

    private MigrationResult MigrateLocked(NpgsqlConnection connection)
    {
        Execute(connection, """
            CREATE SCHEMA IF NOT EXISTS llfeed;
            CREATE TABLE IF NOT EXISTS llfeed.schema_version (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                flavor     text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """);

        var applied = new Dictionary<int, string>();
        SchemaFlavor? recorded = null;
        using (var read = new NpgsqlCommand("SELECT version, flavor, checksum FROM llfeed.schema_version ORDER BY version", connection))
        using (NpgsqlDataReader reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                applied[reader.GetInt32(0)] = reader.GetString(2);
                recorded = ParseFlavor(reader.GetString(1));
            }
        }

        int previous = applied.Count == 0 ? 0 : applied.Keys.Max();
        EnsureNotNewer(previous, $"'{connection.Database}' on {connection.Host}:{connection.Port}");

        SchemaFlavor flavor = recorded ?? ChooseFlavor(connection);
        var newlyApplied = new List<int>();
        foreach (Migration migration in MigrationCatalog.All)
        {
            if (applied.TryGetValue(migration.Version, out string? checksum))
            {
                if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
                {
                    _logger.LogWarning(
                        "Migration V{Version:000}__{Name} changed after it was applied to this database (checksum {Old} now {New}); it is not re-run.",
                        migration.Version, migration.Name, checksum, migration.Checksum);
                }

                continue;
            }

            using NpgsqlTransaction transaction = connection.BeginTransaction();
            try
            {
                Execute(connection, migration.SqlFor(flavor), transaction);
                using var record = new NpgsqlCommand(
                    "INSERT INTO llfeed.schema_version (version, name, flavor, checksum) VALUES (@v, @n, @f, @c)", connection, transaction);
                record.Parameters.AddWithValue("v", migration.Version);
                record.Parameters.AddWithValue("n", migration.Name);
                record.Parameters.AddWithValue("f", FlavorName(flavor));
                record.Parameters.AddWithValue("c", migration.Checksum);
                record.ExecuteNonQuery();
                transaction.Commit();
            }
            catch (PostgresException e)
            {
                throw new DatabaseException(
                    DatabaseErrorKind.Other,
                    $"Migration V{migration.Version:000}__{migration.Name} ({FlavorName(flavor)}) failed and was rolled back: {e.SqlState} {e.MessageText}",
                    e);
            }

            newlyApplied.Add(migration.Version);
            _logger.LogInformation("Applied migration V{Version:000}__{Name} ({Flavor}).", migration.Version, migration.Name, flavor);
        }

        int partitions = 0;
        if (flavor == SchemaFlavor.Plain)
        {
            DateTimeOffset now = _options.Now ?? DateTimeOffset.UtcNow;
            DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
            partitions = PartitionMaintainer.EnsureDays(connection, today.AddDays(-1), today.AddDays(_options.PartitionDaysAhead));
        }

        return new MigrationResult(flavor, previous, MigrationCatalog.LatestVersion, newlyApplied, partitions);
    }

    private SchemaFlavor ChooseFlavor(NpgsqlConnection connection)
    {
        if (_options.Timescale == TimescaleMode.Disable)
        {
            return SchemaFlavor.Plain;
        }

        using (var installed = new NpgsqlCommand("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'", connection))
        {
            if (installed.ExecuteScalar() is not null)
            {
                return SchemaFlavor.TimescaleDb;
            }
        }

        using (var available = new NpgsqlCommand("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'", connection))
        {
            if (available.ExecuteScalar() is null)
            {
                if (_options.Timescale == TimescaleMode.Require)
                {
                    throw new DatabaseException(DatabaseErrorKind.Other, "TimescaleDB is required but the server has no timescaledb extension (pg_available_extensions).");
                }

                _logger.LogInformation("timescaledb is not available on this server: using plain PostgreSQL with daily range partitions.");
                return SchemaFlavor.Plain;
            }
        }

        // Available is not enough: the library must also be in shared_preload_libraries. Try it, and fall back if it fails.
        using NpgsqlTransaction probe = connection.BeginTransaction();
        try
        {
            Execute(connection, "CREATE EXTENSION IF NOT EXISTS timescaledb", probe);
            probe.Rollback();
            return SchemaFlavor.TimescaleDb;
        }
        catch (PostgresException e)
        {
            probe.Rollback();
            if (_options.Timescale == TimescaleMode.Require)
            {
                throw new DatabaseException(DatabaseErrorKind.Other, $"TimescaleDB is required but CREATE EXTENSION timescaledb failed: {e.MessageText}", e);
            }

            _logger.LogWarning("timescaledb is installed but cannot be loaded ({Message}); using plain PostgreSQL.", e.MessageText);
            return SchemaFlavor.Plain;
        }
    }

    internal static string FlavorName(SchemaFlavor flavor) => flavor == SchemaFlavor.TimescaleDb ? "timescaledb" : "plain";

    private static SchemaFlavor ParseFlavor(string name) => name == "timescaledb" ? SchemaFlavor.TimescaleDb : SchemaFlavor.Plain;

    private static void Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.CommandTimeout = 300;
        command.ExecuteNonQuery();
    }
}
