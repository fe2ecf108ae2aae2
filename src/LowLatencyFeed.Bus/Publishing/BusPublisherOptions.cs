namespace LowLatencyFeed.Bus.Publishing;

/// <summary>Which journal progress the publisher waits for before a batch may leave the host.</summary>
public enum PublishAfter
{
    /// <summary>Once the journal handed the events to the OS: a process crash can never leave the bus ahead of the journal.</summary>
    Written,

    /// <summary>Once the journal fsynced them: not even a power loss can (adds up to the journal's fsync interval of latency).</summary>
    Durable,
}

/// <summary>Settings of the bus publisher stage.</summary>
public sealed record BusPublisherOptions
{
    /// <summary>NATS server URLs, comma-separated (a cluster's seed list).</summary>
    public required string Url { get; init; }

    /// <summary>This host's name in subjects (<c>llfeed.&lt;host&gt;...</c>), message ids and the default stream name.</summary>
    public required string Host { get; init; }

    /// <summary>The stream (default <c>LLFEED_&lt;HOST&gt;</c>): one per publishing host, so its order is this host's order.</summary>
    public string? Stream { get; init; }

    /// <summary>Optional user, password or token.</summary>
    public string? User { get; init; }

    /// <summary>Password for <see cref="User"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Token authentication.</summary>
    public string? Token { get; init; }

    /// <summary>Creates the stream when missing (otherwise it must exist).</summary>
    public bool CreateStream { get; init; } = true;

    /// <summary>Stream replicas when created (1, or 3 on a cluster).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Stream age limit when created; zero keeps everything.</summary>
    public TimeSpan MaxAge { get; init; }

    /// <summary>Stream size limit in bytes when created; 0 for none.</summary>
    public long MaxBytes { get; init; }

    /// <summary>Server-side de-duplication window of message ids.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Encoded bytes per batch (every message of a batch is at most this plus a 48-byte header; keep it under the server's max_payload).</summary>
    public int MaxBatchBytes { get; init; } = 256 * 1024;

    /// <summary>Events per batch.</summary>
    public int MaxBatchEvents { get; init; } = 4096;

    /// <summary>Longest a batch waits for the publisher to be free before it is handed anyway.</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Messages sent and not yet acknowledged (pipelined acks).</summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>Batches in the pool between the ring stage and the publisher.</summary>
    public int Batches { get; init; } = 8;

    /// <summary>How long an acknowledgement may take before the publish counts as failed.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Which journal progress a batch waits for.</summary>
    public PublishAfter PublishAfter { get; init; } = PublishAfter.Written;

    /// <summary>A stream with nothing from this host starts at the journal's beginning (true) or at this run's first event (false).</summary>
    public bool BackfillFromJournal { get; init; }

    /// <summary>First retry delay after a failure (doubling up to <see cref="MaxRetryDelay"/>).</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The stream name in use.</summary>
    public string StreamName => Stream ?? Format.BusSubjects.StreamOf(Host);
}
