using LowLatencyFeed.Storage.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LowLatencyFeed.Storage.Connection;

/// <summary>
/// Decides which database the host writes to: the configured connection string, else DATABASE_URL, else — when the
/// machine has PostgreSQL server binaries — a private cluster under the host's data directory (created on first use,
/// kept across runs), else none (journal-only, said in <see cref="DatabaseTarget.Description"/>).
/// </summary>
public static class DatabaseBootstrap
{
    /// <summary>Database created in the private cluster.</summary>
    public const string PrivateDatabaseName = "llfeed";

    /// <summary>Resolves the target. Throws <see cref="FormatException"/> for an unparsable configured string or URL.</summary>
    /// <param name="configuredConnectionString">From configuration; null or empty when not set.</param>
    /// <param name="dataDirectory">The host's data directory (the private cluster lives in <c>postgres/</c> under it).</param>
    /// <param name="allowPrivateCluster">False never starts a private cluster.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="environment">Environment lookup (tests); null reads the process environment.</param>
    public static DatabaseTarget Resolve(
        string? configuredConnectionString,
        string dataDirectory,
        bool allowPrivateCluster = true,
        ILogger? logger = null,
        Func<string, string?>? environment = null)
    {
        logger ??= NullLogger.Instance;
        string? connectionString = ConnectionStringResolver.Resolve(configuredConnectionString, environment);
        if (connectionString is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            string source = string.IsNullOrWhiteSpace(configuredConnectionString) ? ConnectionStringResolver.EnvironmentVariable : "configuration";
            return new DatabaseTarget(connectionString, null, $"PostgreSQL database '{builder.Database}' at {builder.Host}:{builder.Port} (from {source}).");
        }

        if (!allowPrivateCluster)
        {
            return new DatabaseTarget(null, null, "No database configured (storage connection string or DATABASE_URL): running journal-only.");
        }

        string? binaries = PostgresBinaries.FindBinDirectory();
        if (binaries is null)
        {
            return new DatabaseTarget(
                null,
                null,
                "No database configured and no PostgreSQL server binaries on this machine: running journal-only (events are kept in the journal; set DATABASE_URL to store them).");
        }

        string root = Path.Combine(Path.GetFullPath(dataDirectory), "postgres");
        logger.LogInformation("No database configured: starting a private PostgreSQL cluster in {Root} ({Binaries}).", root, binaries);
        LocalPostgresCluster cluster = LocalPostgresCluster.Start(new LocalPostgresClusterOptions
        {
            RootDirectory = root,
            BinDirectory = binaries,
            Durable = true,
        });
        try
        {
            cluster.CreateDatabase(PrivateDatabaseName);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        return new DatabaseTarget(
            cluster.GetConnectionString(PrivateDatabaseName),
            cluster,
            $"Private PostgreSQL cluster in {root} on 127.0.0.1:{cluster.Port}, database '{PrivateDatabaseName}'.");
    }
}
