using System.Collections.Concurrent;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// One stream client as the stream stages see it: a bounded queue of ticks and trades and one of derived events (bars,
/// book metrics, signals) — full: dropped and counted, reported as a <c>gap</c> — and per-instrument conflation slots
/// for quotes and depth (only the latest is sent). The queues and quote slots hold positions of messages the stages
/// formatted once for every client into their <see cref="StreamMessageLog"/>, in this client's <see cref="Format"/>.
/// The ring threads only write into preallocated memory; the client's sender task reads. A replay adds chunks of ready
/// messages, whose producer waits for room (it is not a ring thread).
/// A client subscribed to ticks and/or trades of every instrument (a firehose client) gets no queue entry per tick or
/// trade: the stage puts a switch into its queue and its sender reads the tick log of its format directly from there
/// (<see cref="FirehoseCursor"/>), until a later switch sends it back to the queue (README "Live stream").
/// </summary>
public sealed class StreamClient
{
    private const int ReplayChunksInFlight = 4;

    // Room for a few subscription switches behind a full queue of messages (one switch: a stop and a start).
    private const int SwitchReserve = 4 * MarketQueueEntry.SwitchSlots;
    private const int NotFirehose = -1;
    private readonly StreamHub? _hub;
    private readonly StreamMessageLog[] _tickLogs;
    private readonly FirehoseCursor _firehose = new();
    private readonly DroppingQueue<long> _market;
    private readonly DroppingQueue<long> _derived;
    private readonly long[] _quotes;
    private readonly int[] _quoteDirty;
    private readonly int[] _depthDirty;
    private readonly DroppingQueue<int> _dirtyQuotes;
    private readonly DroppingQueue<int> _dirtyDepth;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _replayRoom = new(ReplayChunksInFlight, ReplayChunksInFlight);
    private readonly ConcurrentQueue<ReplayChunk> _replay = new();
    private readonly ConcurrentQueue<string> _control = new();
    private readonly CancellationTokenSource _closing = new();
    private StreamSubscription _subscription = StreamSubscription.Empty;
    private string? _status;
    private long _statusConflated;
    private int _depthLevels;
    private int _format;
    private int _batch;
    private long _pendingDrops;
    private long _pendingDerivedDrops;
    private long _dropped;
    private long _derivedDropped;
    private long _conflated;
    private long _behindSinceMs;
    private int _sleeping;
    private int _switchStalled;

    /// <summary>
    /// Creates a client of <paramref name="hub"/> with room for <paramref name="queueCapacity"/> ticks/trades (and as
    /// many derived events) and <paramref name="maxInstruments"/> conflated instruments.
    /// </summary>
    internal StreamClient(StreamHub? hub, StreamMessageLog[] tickLogs, int id, int queueCapacity, int maxInstruments)
    {
        Id = id;
        _hub = hub;
        _tickLogs = tickLogs;
        _market = new DroppingQueue<long>(queueCapacity, SwitchReserve);
        _derived = new DroppingQueue<long>(queueCapacity);
        _quotes = new long[maxInstruments];
        _quoteDirty = new int[maxInstruments];
        _depthDirty = new int[maxInstruments];
        _dirtyQuotes = new DroppingQueue<int>(maxInstruments);
        _dirtyDepth = new DroppingQueue<int>(maxInstruments);
    }

    /// <summary>Connection number (logs).</summary>
    public int Id { get; }

    /// <summary>The current subscription (replaced whole; the hub reroutes the client).</summary>
    public StreamSubscription Subscription
    {
        get => Volatile.Read(ref _subscription);
        set
        {
            Volatile.Write(ref _subscription, value);
            _hub?.Reroute();
        }
    }

    /// <summary>Levels per side in this client's <c>depth</c> messages; 0: <c>Api:Stream:DepthLevels</c>.</summary>
    public int DepthLevels
    {
        get => Volatile.Read(ref _depthLevels);
        set => Volatile.Write(ref _depthLevels, value);
    }

    /// <summary>The form of this client's data messages (the subscription's <c>format</c>).</summary>
    public StreamFormat Format
    {
        get => (StreamFormat)Volatile.Read(ref _format);
        set
        {
            Volatile.Write(ref _format, (int)value);
            _hub?.Reroute();
        }
    }

    /// <summary>Whether the subscription takes ticks or trades of every instrument: read from the tick log, not queued.</summary>
    public bool IsFirehose => Subscription is { Instruments: null } subscription && (subscription.Channels & (StreamChannels.Ticks | StreamChannels.Trades)) != 0;

    /// <summary>Sender: whether the sender reads ticks and trades from the tick log now (the stage's switch reached it).</summary>
    public bool ReadsTickLog => _firehose.Log is not null;

    /// <summary>Stream stage only: the format whose tick log the client reads as the stage last routed it, or -1 (queued).</summary>
    internal int RoutedFirehose { get; private set; } = NotFirehose;

    /// <summary>The stage could not queue a switch (the sender has not taken several): the watchdog disconnects the client.</summary>
    internal bool SwitchStalled => Volatile.Read(ref _switchStalled) != 0;

    /// <summary>Whether data messages from the logs go several per WebSocket message (<see cref="StreamBatch"/>).</summary>
    public bool Batch
    {
        get => Volatile.Read(ref _batch) != 0;
        set => Volatile.Write(ref _batch, value ? 1 : 0);
    }

    /// <summary>Status messages replaced by a newer one before they were sent (the client was not reading).</summary>
    public long StatusConflated => Volatile.Read(ref _statusConflated);

    /// <summary>Ticks and trades dropped because the queue was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Bars, book metrics and signals dropped because the derived queue was full.</summary>
    public long DerivedDropped => Volatile.Read(ref _derivedDropped);

    /// <summary>Quote and depth updates replaced by a newer one before they were sent.</summary>
    public long Conflated => Volatile.Read(ref _conflated);

    /// <summary>Since when (Environment.TickCount64) the client has been dropping; 0 when it keeps up.</summary>
    public long BehindSinceMs => Volatile.Read(ref _behindSinceMs);

    /// <summary>Cancelled when the client is disconnected (by the watchdog or the socket closing).</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Why the server disconnected the client, if it did.</summary>
    public string? DisconnectReason { get; private set; }

    /// <summary>Ring thread: queues the tick or trade message at <paramref name="position"/> of the tick log of <paramref name="format"/>, or drops it (counted) when the client is behind.</summary>
    public void Enqueue(StreamFormat format, long position)
    {
        long entry = MarketQueueEntry.Message(format, position);
        if (!_market.TryEnqueue(in entry))
        {
            CountMarketDrop();
        }
    }

    /// <summary>
    /// Stream stage: moves the client onto the tick log of format <paramref name="firehose"/> (or back to its queue,
    /// -1) from the log's next message on, by a switch in its queue behind what is queued; false when the queue has no
    /// room left even for switches (the client stays as it was and is disconnected by the watchdog).
    /// </summary>
    internal bool TrySwitch(int firehose)
    {
        if (firehose == RoutedFirehose)
        {
            return true;
        }

        Span<long> entries = stackalloc long[2 * MarketQueueEntry.SwitchSlots];
        int count = 0;
        if (RoutedFirehose != NotFirehose)
        {
            var format = (StreamFormat)RoutedFirehose;
            StreamMessageLog log = _tickLogs[RoutedFirehose];
            entries[count++] = MarketQueueEntry.Stop(format, log.Count);
            entries[count++] = log.MarkedCount;
        }

        if (firehose != NotFirehose)
        {
            var format = (StreamFormat)firehose;
            StreamMessageLog log = _tickLogs[firehose];
            entries[count++] = MarketQueueEntry.Start(format, log.Count);
            entries[count++] = log.MarkedCount;
        }

        if (!_market.TryEnqueueReserved(entries[..count]))
        {
            Volatile.Write(ref _switchStalled, 1);
            return false;
        }

        RoutedFirehose = firehose;
        return true;
    }

    /// <summary>
    /// Sender: copies the next tick or trade message (queued, or from the tick log for a firehose client) into
    /// <paramref name="destination"/> (at least <see cref="StreamMessageLog.MaxMessageBytes"/>) and returns its length;
    /// 0 when none waits. Messages the log came round over before they were taken are counted as dropped.
    /// </summary>
    public int ReadMarket(Span<byte> destination) => ReadMarket(destination, MarketRead.Message, out _);

    /// <summary>
    /// Sender of a firehose client: copies the longest run of wanted records of the tick log it reads (of the client's
    /// form) that fits into <paramref name="destination"/>, as <c>[u32 length][bytes]</c> each (the body of a binary
    /// batch), and returns its bytes and <paramref name="count"/> its messages; 0 when none waits or the client reads its
    /// queue now (then <see cref="ReadMarket(Span{byte})"/> serves it). The body of <see cref="ReadMarketBatch"/>'s binary batches.
    /// </summary>
    private int ReadMarketRun(Span<byte> destination, out int count)
    {
        // A record that could never fit would read as lost.
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, StreamMessageLog.LengthPrefix + StreamMessageLog.MaxMessageBytes, nameof(destination));
        return ReadMarket(destination, MarketRead.Run, out count);
    }

    /// <summary>
    /// Sender of a batched firehose client: the next run of wanted tick log records (<see cref="ReadMarketRun"/>) as one
    /// complete batch from <paramref name="destination"/>'s first byte (at least
    /// <see cref="StreamBatch.BinaryHeaderBytes"/> + 4 + <see cref="StreamMessageLog.MaxMessageBytes"/> bytes), in the
    /// form of the log it came from (<paramref name="binary"/>; README "Batched messages"): behind the binary header as
    /// the log holds it, or its messages copied straight from the log into one JSON array
    /// (<see cref="StreamMessageLog.TryCopyAsJsonArray"/>). Returns the batch's bytes; 0 as for <see cref="ReadMarketRun"/>.
    /// </summary>
    public int ReadMarketBatch(Span<byte> destination, out bool binary)
    {
        // Only this sender starts or stops the cursor, and a run read never starts it: the log looked at here is the
        // log the run comes from.
        binary = ReferenceEquals(_firehose.Log, _tickLogs[(int)StreamFormat.Binary]);
        if (!binary)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, StreamMessageLog.MaxMessageBytes + 2, nameof(destination));
            return ReadMarket(destination, MarketRead.JsonArray, out _);
        }

        int bytes = ReadMarketRun(destination[StreamBatch.BinaryHeaderBytes..], out int count);
        if (bytes > 0)
        {
            StreamBatch.WriteBinaryHeader(destination, count);
            bytes += StreamBatch.BinaryHeaderBytes;
        }

        return bytes;
    }

    /// <summary>Sender: passes over every tick and trade waiting, copying nothing and counting nothing (a sender that only keeps the stage's queues from filling: the stage-alone benchmark).</summary>
    public void SkipMarket() => ReadMarket([], MarketRead.Skip, out _);

    private int ReadMarket(Span<byte> destination, MarketRead mode, out int count)
    {
        bool run = mode is MarketRead.Run or MarketRead.JsonArray;
        count = 0;
        while (true)
        {
            if (_firehose.Log is { } log)
            {
                // The log's count before the queue: a stop queued after this look came after every message below the
                // count (the stage queues a stop before it appends anything more).
                long limit = log.Count;
                long limitMarked = -1;
                bool stopping = _market.TryPeek(out long entry) && MarketQueueEntry.IsSwitch(entry);
                if (stopping)
                {
                    limit = MarketQueueEntry.Value(entry);
                    limitMarked = PeekSecond();
                }

                long dropped = 0;
                StreamChannels wanted = Subscription.Channels;
                int length = mode switch
                {
                    MarketRead.Run => _firehose.TryReadRun(destination, wanted, limit, limitMarked, out count, ref dropped),
                    MarketRead.JsonArray => _firehose.TryReadRun(destination, wanted, limit, limitMarked, out count, ref dropped, jsonArray: true),
                    MarketRead.Skip => _firehose.TrySkipTo(limit, limitMarked),
                    _ => _firehose.TryRead(destination, wanted, limit, limitMarked, ref dropped),
                };
                if (dropped > 0)
                {
                    CountMarketDrops(dropped);
                }

                if (length > 0)
                {
                    return length;
                }

                if (length < 0)
                {
                    continue;
                }

                if (!stopping)
                {
                    return 0;
                }

                _market.TryTake(out _);
                _market.TryTake(out _);
                _firehose.Stop();
                continue;
            }

            if (run || !_market.TryTake(out long next))
            {
                return 0;
            }

            if (MarketQueueEntry.IsSwitch(next))
            {
                _market.TryTake(out long markedBefore);
                if (!MarketQueueEntry.IsStop(next))
                {
                    _firehose.Start(_tickLogs[(int)MarketQueueEntry.Format(next)], MarketQueueEntry.Value(next), markedBefore);
                }

                continue;
            }

            if (mode == MarketRead.Skip)
            {
                continue;
            }

            if (_tickLogs[(int)MarketQueueEntry.Format(next)].TryCopy(MarketQueueEntry.Value(next), destination, out int copied))
            {
                return copied;
            }

            // The stage came round the log over this message before this client took it: it is lost for this client.
            CountMarketDrop();
        }
    }

    private long PeekSecond()
    {
        // A switch is queued as two slots at once: take a copy of the head, read the second, put nothing back.
        _market.TryPeekSecond(out long second);
        return second;
    }

    /// <summary>Derived ring thread: queues the bar, book metrics, signal or indicator message at <paramref name="position"/> of the derived log, or drops it (counted).</summary>
    public void EnqueueDerived(long position)
    {
        if (!_derived.TryEnqueue(in position))
        {
            CountDerivedDrop();
        }
    }

    /// <summary>Ring thread: replaces the pending quote of instrument slot <paramref name="index"/> with the message at <paramref name="position"/> of the market log.</summary>
    public void ConflateQuote(int index, long position)
    {
        Volatile.Write(ref _quotes[index], position);
        MarkDirty(_quoteDirty, _dirtyQuotes, index);
    }

    /// <summary>Ring thread, or sender: a tick or trade this client will not get (its queue was full, or its message was overwritten in the log before the sender took it).</summary>
    public void CountMarketDrop() => CountMarketDrops(1);

    /// <summary>Sender: <paramref name="count"/> ticks and trades this client will not get.</summary>
    public void CountMarketDrops(long count)
    {
        Interlocked.Add(ref _pendingDrops, count);
        Interlocked.Add(ref _dropped, count);
        MarkBehind();
    }

    /// <summary>Derived ring thread, or sender: a derived message this client will not get.</summary>
    public void CountDerivedDrop()
    {
        Interlocked.Increment(ref _pendingDerivedDrops);
        Interlocked.Increment(ref _derivedDropped);
        MarkBehind();
    }

    /// <summary>Ring thread: notes that the book of instrument slot <paramref name="index"/> changed.</summary>
    public void MarkDepth(int index) => MarkDirty(_depthDirty, _dirtyDepth, index);

    /// <summary>
    /// Ring thread, at batch end after a full fence (the stage's writes before it are visible): wakes the sender if it
    /// sleeps and there is something to send. A busy sender costs one read.
    /// </summary>
    public void WakeIfPending()
    {
        if (Volatile.Read(ref _sleeping) != 0 && HasPending())
        {
            Wake();
        }
    }

    /// <summary>Queues a control message (acknowledgement, error) sent before market data.</summary>
    public void SendControl(string json)
    {
        _control.Enqueue(json);
        Wake();
    }

    /// <summary>
    /// Status publisher (a timer thread, never a ring thread): replaces the unsent status message with
    /// <paramref name="json"/>, so a client that stopped reading holds one message, not one per second.
    /// </summary>
    public void OfferStatus(string json)
    {
        if (Interlocked.Exchange(ref _status, json) is not null)
        {
            Interlocked.Increment(ref _statusConflated);
        }

        Wake();
    }

    /// <summary>Sender: the latest status message not yet sent.</summary>
    public bool TryTakeStatus(out string? json)
    {
        json = Interlocked.Exchange(ref _status, null);
        return json is not null;
    }

    /// <summary>Replay thread: queues a chunk of messages, waiting while <c>4</c> chunks are unsent (a replay is paced by its client).</summary>
    public void EnqueueReplay(ReplayChunk chunk, CancellationToken cancellationToken)
    {
        _replayRoom.Wait(cancellationToken);
        _replay.Enqueue(chunk);
        Wake();
    }

    /// <summary>Disconnects the client with <paramref name="reason"/> (sender and receiver stop).</summary>
    public void Disconnect(string reason)
    {
        DisconnectReason ??= reason;
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Sender: the next control message.</summary>
    internal bool TryTakeControl(out string? json) => _control.TryDequeue(out json);

    /// <summary>Sender: the number of ticks/trades dropped since the last call.</summary>
    public long TakeDrops() => Interlocked.Exchange(ref _pendingDrops, 0);

    /// <summary>Sender: the number of derived events dropped since the last call.</summary>
    internal long TakeDerivedDrops() => Interlocked.Exchange(ref _pendingDerivedDrops, 0);

    /// <summary>Sender: the derived-log position of the next queued derived message.</summary>
    public bool TryTakeDerived(out long position) => _derived.TryTake(out position);

    /// <summary>Sender: the next replay chunk (call <see cref="ReplayChunkSent"/> once it is written).</summary>
    internal bool TryTakeReplay(out ReplayChunk? chunk) => _replay.TryDequeue(out chunk);

    /// <summary>Sender: a replay chunk was written, so the replay may queue another.</summary>
    internal void ReplayChunkSent() => _replayRoom.Release();

    /// <summary>Sender: the next instrument slot with a new quote, and the market-log position of its latest quote message.</summary>
    public bool TryTakeQuote(out int index, out long position)
    {
        position = 0;
        if (!_dirtyQuotes.TryTake(out index))
        {
            return false;
        }

        // Clear the flag before reading the slot: a quote written after the read marks the slot dirty again.
        Interlocked.Exchange(ref _quoteDirty[index], 0);
        position = Volatile.Read(ref _quotes[index]);
        return true;
    }

    /// <summary>Sender: the next instrument slot whose book changed.</summary>
    public bool TryTakeDepth(out int index)
    {
        if (!_dirtyDepth.TryTake(out index))
        {
            return false;
        }

        Volatile.Write(ref _depthDirty[index], 0);
        return true;
    }

    /// <summary>Sender: everything queued was sent, so the client keeps up.</summary>
    internal void CaughtUp() => Volatile.Write(ref _behindSinceMs, 0);

    /// <summary>Watchdog: a firehose client whose sender has not taken the messages the writer came round over is behind, though nothing counted them yet.</summary>
    internal void CheckLapped()
    {
        if (_firehose.IsLapped())
        {
            MarkBehind();
        }
    }

    /// <summary>Sender: waits for data, at most <paramref name="timeout"/>; false on timeout.</summary>
    internal async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // A full fence between announcing the sleep and looking: the stage publishes, fences, then looks at the flag.
        Interlocked.Exchange(ref _sleeping, 1);
        if (HasPending() || !_control.IsEmpty || !_replay.IsEmpty || Volatile.Read(ref _status) is not null)
        {
            Volatile.Write(ref _sleeping, 0);
            return true;
        }

        bool woken = await _wake.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _sleeping, 0);
        return woken;
    }

    private bool HasPending() =>
        Volatile.Read(ref _pendingDrops) != 0 || Volatile.Read(ref _pendingDerivedDrops) != 0 || !_market.IsEmpty || !_derived.IsEmpty
        || !_dirtyQuotes.IsEmpty || !_dirtyDepth.IsEmpty || _firehose.HasPending();

    private void MarkBehind()
    {
        if (Volatile.Read(ref _behindSinceMs) == 0)
        {
            Volatile.Write(ref _behindSinceMs, Environment.TickCount64);
        }
    }

    private void Wake()
    {
        // The semaphore is touched only when the sender sleeps: at most once per batch per idle client.
        if (Interlocked.Exchange(ref _sleeping, 0) == 1 && _wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    private void MarkDirty(int[] flags, DroppingQueue<int> queue, int index)
    {
        // Each slot is queued at most once, so the index queue (as large as the slots) never refuses.
        if (Interlocked.Exchange(ref flags[index], 1) == 0)
        {
            queue.TryEnqueue(in index);
        }
        else
        {
            Interlocked.Increment(ref _conflated);
        }
    }

    private enum MarketRead
    {
        Message,
        Run,
        JsonArray,
        Skip,
    }
}
