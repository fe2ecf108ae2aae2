namespace LowLatencyFeed.Bus.Publishing;

/// <summary>Counters of the publisher (written by its loop, read by metrics and status).</summary>
public sealed class BusPublisherStatistics
{
    private readonly long[] _errors = new long[Enum.GetValues<BusPublishErrorKind>().Length];
    private long _messages;
    private long _events;
    private long _bytes;
    private long _acknowledged = -1;
    private long _duplicates;
    private long _catchUps;
    private long _catchUpEvents;
    private long _skippedEvents;
    private int _state;

    /// <summary>Messages sent.</summary>
    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Events sent (in messages).</summary>
    public long Events => Volatile.Read(ref _events);

    /// <summary>Message bytes sent.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Highest source sequence the stream acknowledged (every earlier one included); -1 before the first.</summary>
    public long Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Acknowledgements that said the message was a duplicate (dropped by the server's message-id window).</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Ranges read back from the journal.</summary>
    public long CatchUps => Volatile.Read(ref _catchUps);

    /// <summary>Events published from the journal.</summary>
    public long CatchUpEvents => Volatile.Read(ref _catchUpEvents);

    /// <summary>Events the bus never got because the journal no longer had them (retention) when they were due.</summary>
    public long SkippedEvents => Volatile.Read(ref _skippedEvents);

    /// <summary>Current state.</summary>
    public BusPublisherState State => (BusPublisherState)Volatile.Read(ref _state);

    /// <summary>The last failure, for /health and logs.</summary>
    public string? LastError { get; private set; }

    /// <summary>Failures of one kind.</summary>
    public long Errors(BusPublishErrorKind kind) => Volatile.Read(ref _errors[(int)kind]);

    /// <summary>All failures.</summary>
    public long TotalErrors
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _errors.Length; i++)
            {
                total += Volatile.Read(ref _errors[i]);
            }

            return total;
        }
    }

    internal void SentMessage(int bytes)
    {
        Volatile.Write(ref _messages, _messages + 1);
        Volatile.Write(ref _bytes, _bytes + bytes);
    }

    internal void SentEvents(int events) => Volatile.Write(ref _events, _events + events);

    internal void Acked(long sequence, bool duplicate)
    {
        if (sequence > _acknowledged)
        {
            Volatile.Write(ref _acknowledged, sequence);
        }

        if (duplicate)
        {
            Volatile.Write(ref _duplicates, _duplicates + 1);
        }
    }

    internal void SetAcknowledged(long sequence) => Volatile.Write(ref _acknowledged, sequence);

    internal void CatchUp(long events)
    {
        Volatile.Write(ref _catchUps, _catchUps + 1);
        Volatile.Write(ref _catchUpEvents, _catchUpEvents + events);
    }

    internal void Skipped(long events) => Volatile.Write(ref _skippedEvents, _skippedEvents + events);

    internal void Failed(BusPublishErrorKind kind, string message)
    {
        Interlocked.Increment(ref _errors[(int)kind]);
        LastError = $"{kind}: {message}";
    }

    internal void SetState(BusPublisherState state) => Volatile.Write(ref _state, (int)state);
}
