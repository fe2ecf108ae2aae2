using LowLatencyFeed.Storage.Cluster;

namespace LowLatencyFeed.Storage.Connection;

/// <summary>The database the host uses, decided by <see cref="DatabaseBootstrap.Resolve"/>.</summary>
public sealed class DatabaseTarget : IDisposable
{
    internal DatabaseTarget(string? connectionString, LocalPostgresCluster? privateCluster, string description)
    {
        ConnectionString = connectionString;
        PrivateCluster = privateCluster;
        Description = description;
    }

    /// <summary>The connection string; null when running journal-only.</summary>
    public string? ConnectionString { get; }

    /// <summary>The private cluster started under the data directory, when that is what is used.</summary>
    public LocalPostgresCluster? PrivateCluster { get; }

    /// <summary>True when there is no database: events go to the journal only.</summary>
    public bool IsJournalOnly => ConnectionString is null;

    /// <summary>One line for the log: which database, or why none.</summary>
    public string Description { get; }

    /// <summary>Stops the private cluster (its data stays for the next run).</summary>
    public void Dispose() => PrivateCluster?.Dispose();
}
