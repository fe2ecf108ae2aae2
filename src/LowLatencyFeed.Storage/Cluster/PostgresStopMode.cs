namespace LowLatencyFeed.Storage.Cluster;

/// <summary>How <c>pg_ctl stop</c> shuts the server down.</summary>
public enum PostgresStopMode
{
    /// <summary>Waits for clients to disconnect.</summary>
    Smart,

    /// <summary>Rolls back open transactions and shuts down cleanly (the normal choice).</summary>
    Fast,

    /// <summary>Kills the server without a checkpoint, like a crash: recovery replays the WAL on the next start.</summary>
    Immediate,
}
