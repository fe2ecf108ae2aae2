namespace LowLatencyFeed.Storage.Schema;

/// <summary>Whether migrations use the timescaledb extension.</summary>
public enum TimescaleMode
{
    /// <summary>Use it when the server has it (pg_available_extensions) and it loads; otherwise plain PostgreSQL.</summary>
    Auto,

    /// <summary>Fail when it is not available.</summary>
    Require,

    /// <summary>Never use it.</summary>
    Disable,
}
