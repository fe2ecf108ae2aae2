using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Storage;
using LowLatencyFeed.Storage.Connection;
using LowLatencyFeed.Storage.Schema;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Picks the database (configured, <c>DATABASE_URL</c>, a private cluster, or none), migrates it, and keeps partitions
/// ahead. A database that is down at start does not stop ingestion: the host runs journal-only and a later start
/// catches the database up from its checkpoint.
/// </summary>
public sealed class DatabaseSetup : IDisposable
{
    private readonly DatabaseTarget? _target;
    private readonly Timer? _partitions;

    private DatabaseSetup(DatabaseTarget? target, string? connectionString, string description, Timer? partitions)
    {
        _target = target;
        ConnectionString = connectionString;
        Description = description;
        _partitions = partitions;
    }

    /// <summary>The migrated database, or null for journal-only.</summary>
    public string? ConnectionString { get; }

    /// <summary>One line saying what was chosen and why.</summary>
    public string Description { get; }

    /// <summary>Resolves, starts (private cluster) and migrates. Throws <see cref="ConfigurationException"/> for errors a restart cannot fix.</summary>
    public static DatabaseSetup Open(FeedHostOptions options, ILogger logger)
    {
        string? configured = options.Database.ConnectionString;
        if (!string.IsNullOrEmpty(configured))
        {
            configured = new SecretResolver(options.SecretsFile).Resolve(configured, escapeForUrl: false);
        }

        DatabaseTarget target;
        try
        {
            target = DatabaseBootstrap.Resolve(configured, options.DataDirectory, options.Database.PrivateCluster, logger);
        }
        catch (FormatException exception)
        {
            throw new ConfigurationException($"Database:ConnectionString / DATABASE_URL is not a valid connection string: {exception.Message}");
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Only the private cluster can fail here (a configured database is contacted by the migration below).
            string firstLine = exception.Message.Split('\n')[0];
            logger.LogError("Could not start a private PostgreSQL cluster under {Directory}: {Message}. Running journal-only", options.DataDirectory, firstLine);
            return new DatabaseSetup(null, null, $"journal-only: the private PostgreSQL cluster could not start ({firstLine})", null);
        }

        if (target.ConnectionString is null)
        {
            return new DatabaseSetup(target, null, target.Description, null);
        }

        try
        {
            StorageService.Migrate(target.ConnectionString, logger: logger);
        }
        catch (DatabaseException exception) when (exception.Kind == DatabaseErrorKind.ServerUnreachable)
        {
            logger.LogError("Database unreachable at start ({Message}); running journal-only. Rows catch up from the journal on the next start", exception.Message);
            return new DatabaseSetup(target, null, $"journal-only: {target.Description} is unreachable", null);
        }
        catch (DatabaseException exception)
        {
            target.Dispose();
            throw new ConfigurationException($"database: {exception.Message}");
        }

        var partitions = new Timer(
            _ => MaintainPartitions(target.ConnectionString, logger),
            null,
            TimeSpan.Zero,
            TimeSpan.FromHours(1));
        return new DatabaseSetup(target, target.ConnectionString, target.Description, partitions);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _partitions?.Dispose();
        _target?.Dispose();
    }

    private static void MaintainPartitions(string connectionString, ILogger logger)
    {
        try
        {
            PartitionMaintenance done = PartitionMaintainer.Maintain(connectionString, DateTimeOffset.UtcNow);
            if (done.Created + done.Dropped + done.Keyed > 0)
            {
                logger.LogInformation(
                    "Partitions: {Created} created ahead, {Dropped} dropped by retention, {Keyed} closed days given their unique key",
                    done.Created, done.Dropped, done.Keyed);
            }

            if (done.Duplicates.Count > 0)
            {
                logger.LogError(
                    "Closed partitions {Partitions} hold duplicate rows, so their unique key cannot be built: ingestion stored an event twice. Rows carry their journal sequence ('seq'); the journal is the source of truth.",
                    string.Join(", ", done.Duplicates));
            }
        }
        catch (Exception exception) when (exception is DatabaseException or Npgsql.NpgsqlException)
        {
            logger.LogWarning("Partition maintenance failed (will retry within the hour): {Message}", exception.Message);
        }
    }
}
