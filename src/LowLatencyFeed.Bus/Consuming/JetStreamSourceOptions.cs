namespace LowLatencyFeed.Bus.Consuming;

/// <summary>When a new durable consumer starts reading.</summary>
public enum SourceStart
{
    /// <summary>From the stream's first message.</summary>
    All,

    /// <summary>From messages published after it was created.</summary>
    New,
}

/// <summary>Settings of a consumer host's bus source.</summary>
public sealed record JetStreamSourceOptions
{
    /// <summary>NATS server URLs, comma-separated.</summary>
    public required string Url { get; init; }

    /// <summary>The streams to read (one per publishing feed host, <c>LLFEED_&lt;HOST&gt;</c>).</summary>
    public required IReadOnlyList<string> Streams { get; init; }

    /// <summary>The durable consumer's name on every stream (one per consumer host).</summary>
    public required string Durable { get; init; }

    /// <summary>Optional user, password or token.</summary>
    public string? User { get; init; }

    /// <summary>Password for <see cref="User"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Token authentication.</summary>
    public string? Token { get; init; }

    /// <summary>Which instruments this host keeps (clock and control events always pass).</summary>
    public InstrumentFilter Filter { get; init; } = InstrumentFilter.All;

    /// <summary>Acknowledge once the journal wrote the events (false) or fsynced them (true).</summary>
    public bool AckAfterDurable { get; init; }

    /// <summary>Where a new durable consumer starts.</summary>
    public SourceStart StartAt { get; init; } = SourceStart.All;

    /// <summary>Unacknowledged messages the server lets this consumer hold.</summary>
    public int MaxAckPending { get; init; } = 20_000;

    /// <summary>How long the server waits for an ack before redelivering.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How far back (journal events) a restart looks for the last batch it journaled from each stream.</summary>
    public long ResumeScanEvents { get; init; } = 2_000_000;
}
