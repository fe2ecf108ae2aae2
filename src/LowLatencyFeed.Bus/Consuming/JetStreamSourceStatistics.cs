namespace LowLatencyFeed.Bus.Consuming;

/// <summary>Counters of a bus source (all streams together).</summary>
public sealed class JetStreamSourceStatistics
{
    private long _messages;
    private long _events;
    private long _filtered;
    private long _duplicates;
    private long _redeliveries;
    private long _gaps;
    private long _resets;
    private long _undecodable;
    private long _unknownVersion;
    private long _acked;
    private long _resyncs;
    private long _errors;

    /// <summary>Messages read.</summary>
    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Events put into the ring.</summary>
    public long Events => Volatile.Read(ref _events);

    /// <summary>Events outside this host's shard.</summary>
    public long Filtered => Volatile.Read(ref _filtered);

    /// <summary>Events skipped because the journal already had them (after a restart).</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Messages delivered again by the server and ignored.</summary>
    public long Redeliveries => Volatile.Read(ref _redeliveries);

    /// <summary>Source sequence gaps reported.</summary>
    public long Gaps => Volatile.Read(ref _gaps);

    /// <summary>Source journal resets reported.</summary>
    public long Resets => Volatile.Read(ref _resets);

    /// <summary>Messages that did not decode (skipped and reported).</summary>
    public long Undecodable => Volatile.Read(ref _undecodable);

    /// <summary>Messages of an unknown schema version (the stream stops there until the consumer is upgraded).</summary>
    public long UnknownVersion => Volatile.Read(ref _unknownVersion);

    /// <summary>Acknowledgements sent.</summary>
    public long Acks => Volatile.Read(ref _acked);

    /// <summary>Times a durable consumer was repositioned (restart with unacknowledged messages, delivery out of order).</summary>
    public long Resyncs => Volatile.Read(ref _resyncs);

    /// <summary>Connection or API failures (retried).</summary>
    public long Errors => Volatile.Read(ref _errors);

    /// <summary>The last problem, for /health and logs.</summary>
    public string? LastError { get; internal set; }

    internal void Message() => Interlocked.Increment(ref _messages);

    internal void Published(int events) => Interlocked.Add(ref _events, events);

    internal void FilteredOut(int events) => Interlocked.Add(ref _filtered, events);

    internal void Duplicate(int events) => Interlocked.Add(ref _duplicates, events);

    internal void Redelivered() => Interlocked.Increment(ref _redeliveries);

    internal void Gap() => Interlocked.Increment(ref _gaps);

    internal void Reset() => Interlocked.Increment(ref _resets);

    internal void Undecoded() => Interlocked.Increment(ref _undecodable);

    internal void Unknown() => Interlocked.Increment(ref _unknownVersion);

    internal void Acked() => Interlocked.Increment(ref _acked);

    internal void Resynced() => Interlocked.Increment(ref _resyncs);

    internal void Failed(string message)
    {
        Interlocked.Increment(ref _errors);
        LastError = message;
    }
}
