namespace LowLatencyFeed.Storage.Cluster;

/// <summary>Where and how a <see cref="LocalPostgresCluster"/> lives.</summary>
public sealed class LocalPostgresClusterOptions
{
    /// <summary>Directory holding everything of the cluster (<c>data/</c>, <c>run/</c> socket dir, <c>postgres.log</c>, <c>password</c>).</summary>
    public required string RootDirectory { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (and a persistent cluster keeps it while it stays free).</summary>
    public int Port { get; init; }

    /// <summary>
    /// False turns off fsync, full_page_writes and synchronous_commit: fine for tests (the OS keeps the data even across
    /// <c>pg_ctl stop -m immediate</c>), wrong for a cluster that must survive a machine crash. Default true.
    /// </summary>
    public bool Durable { get; init; } = true;

    /// <summary>Removes <see cref="RootDirectory"/> when the cluster is disposed (temporary test clusters).</summary>
    public bool DeleteOnDispose { get; init; }

    /// <summary>Leaves the server running on dispose (the host's private cluster outlives one run). Default false.</summary>
    public bool KeepRunningOnDispose { get; init; }

    /// <summary>Server binaries directory; null finds them with <see cref="PostgresBinaries.FindBinDirectory"/>.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>Superuser name. Default <c>postgres</c>.</summary>
    public string Username { get; init; } = "postgres";

    /// <summary>Extra <c>postgresql.conf</c> settings (name → value, written verbatim).</summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }
}
