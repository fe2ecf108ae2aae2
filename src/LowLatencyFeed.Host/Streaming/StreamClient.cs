using System.Collections.Concurrent;
using System.Numerics;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// One stream client as the stream stage sees it: a bounded single-producer queue of ticks and trades (full: dropped
/// and counted, reported as a <c>gap</c>), and per-instrument conflation slots for quotes and depth (only the latest
/// is sent). The ring thread only writes into preallocated memory; the client's sender task reads.
/// </summary>
public sealed class StreamClient
{
    private readonly StreamItem[] _items;
    private readonly int _mask;
    private readonly QuoteSlot[] _quotes;
    private readonly int[] _quoteDirty;
    private readonly int[] _depthDirty;
    private readonly IndexQueue _dirtyQuotes;
    private readonly IndexQueue _dirtyDepth;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentQueue<string> _control = new();
    private readonly CancellationTokenSource _closing = new();
    private StreamSubscription _subscription = StreamSubscription.Empty;
    private long _head;
    private long _tail;
    private long _pendingDrops;
    private long _dropped;
    private long _conflated;
    private long _behindSinceMs;
    private int _sleeping;

    /// <summary>Creates a client with room for <paramref name="queueCapacity"/> ticks/trades and <paramref name="maxInstruments"/> conflated instruments.</summary>
    public StreamClient(int id, int queueCapacity, int maxInstruments)
    {
        Id = id;
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, queueCapacity));
        _items = new StreamItem[size];
        _mask = size - 1;
        _quotes = new QuoteSlot[maxInstruments];
        _quoteDirty = new int[maxInstruments];
        _depthDirty = new int[maxInstruments];
        _dirtyQuotes = new IndexQueue(maxInstruments);
        _dirtyDepth = new IndexQueue(maxInstruments);
    }

    /// <summary>Connection number (logs).</summary>
    public int Id { get; }

    /// <summary>The current subscription (replaced whole).</summary>
    public StreamSubscription Subscription
    {
        get => Volatile.Read(ref _subscription);
        set => Volatile.Write(ref _subscription, value);
    }

    /// <summary>Ticks and trades dropped because the queue was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Quote and depth updates replaced by a newer one before they were sent.</summary>
    public long Conflated => Volatile.Read(ref _conflated);

    /// <summary>Since when (Environment.TickCount64) the client has been dropping; 0 when it keeps up.</summary>
    public long BehindSinceMs => Volatile.Read(ref _behindSinceMs);

    /// <summary>Cancelled when the client is disconnected (by the watchdog or the socket closing).</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Why the server disconnected the client, if it did.</summary>
    public string? DisconnectReason { get; private set; }

    /// <summary>Ring thread: queues a tick or trade, or drops it (counted) when the client is behind.</summary>
    public void Enqueue(in StreamItem item)
    {
        long tail = _tail;
        if (tail - Volatile.Read(ref _head) >= _items.Length)
        {
            Interlocked.Increment(ref _pendingDrops);
            Volatile.Write(ref _dropped, _dropped + 1);
            if (Volatile.Read(ref _behindSinceMs) == 0)
            {
                Volatile.Write(ref _behindSinceMs, Environment.TickCount64);
            }

            return;
        }

        _items[tail & _mask] = item;
        Volatile.Write(ref _tail, tail + 1);
    }

    /// <summary>Ring thread: replaces the pending quote of instrument slot <paramref name="index"/>.</summary>
    public void ConflateQuote(int index, in EventHeader header, in QuotePayload quote)
    {
        ref QuoteSlot slot = ref _quotes[index];
        Interlocked.Increment(ref slot.Version);
        slot.Header = header;
        slot.Quote = quote;
        Volatile.Write(ref slot.Version, slot.Version + 1);
        MarkDirty(_quoteDirty, _dirtyQuotes, index);
    }

    /// <summary>Ring thread: notes that the book of instrument slot <paramref name="index"/> changed.</summary>
    public void MarkDepth(int index) => MarkDirty(_depthDirty, _dirtyDepth, index);

    /// <summary>Ring thread, at batch end: wakes the sender if it sleeps and there is something to send.</summary>
    public void WakeIfPending()
    {
        if (Volatile.Read(ref _pendingDrops) != 0 || Volatile.Read(ref _tail) != Volatile.Read(ref _head) || !_dirtyQuotes.IsEmpty || !_dirtyDepth.IsEmpty)
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

    /// <summary>Sender: the number of drops since the last call.</summary>
    internal long TakeDrops() => Interlocked.Exchange(ref _pendingDrops, 0);

    /// <summary>Sender: the next queued tick or trade.</summary>
    internal bool TryTake(out StreamItem item)
    {
        long head = _head;
        if (head == Volatile.Read(ref _tail))
        {
            item = default;
            return false;
        }

        item = _items[head & _mask];
        Volatile.Write(ref _head, head + 1);
        return true;
    }

    /// <summary>Sender: the next instrument slot with a new quote, and that quote.</summary>
    internal bool TryTakeQuote(out int index, out EventHeader header, out QuotePayload quote)
    {
        header = default;
        quote = default;
        if (!_dirtyQuotes.TryDequeue(out index))
        {
            return false;
        }

        Volatile.Write(ref _quoteDirty[index], 0);
        ref QuoteSlot slot = ref _quotes[index];
        while (true)
        {
            long before = Volatile.Read(ref slot.Version);
            if ((before & 1) == 0)
            {
                header = slot.Header;
                quote = slot.Quote;
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref slot.Version) == before)
                {
                    return true;
                }
            }

            Thread.SpinWait(4);
        }
    }

    /// <summary>Sender: the next instrument slot whose book changed.</summary>
    internal bool TryTakeDepth(out int index)
    {
        if (!_dirtyDepth.TryDequeue(out index))
        {
            return false;
        }

        Volatile.Write(ref _depthDirty[index], 0);
        return true;
    }

    /// <summary>Sender: everything queued was sent, so the client keeps up.</summary>
    internal void CaughtUp() => Volatile.Write(ref _behindSinceMs, 0);

    /// <summary>Sender: waits for data, at most <paramref name="timeout"/>; false on timeout.</summary>
    internal async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _sleeping, 1);
        if (Volatile.Read(ref _tail) != Volatile.Read(ref _head) || !_dirtyQuotes.IsEmpty || !_dirtyDepth.IsEmpty || !_control.IsEmpty || Volatile.Read(ref _pendingDrops) != 0)
        {
            Volatile.Write(ref _sleeping, 0);
            return true;
        }

        bool woken = await _wake.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _sleeping, 0);
        return woken;
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

    private void MarkDirty(int[] flags, IndexQueue queue, int index)
    {
        if (Interlocked.Exchange(ref flags[index], 1) == 0)
        {
            queue.Enqueue(index);
        }
        else
        {
            Interlocked.Increment(ref _conflated);
        }
    }

    private struct QuoteSlot
    {
        public long Version;
        public EventHeader Header;
        public QuotePayload Quote;
    }

    /// <summary>SPSC queue of instrument slots; never overflows (each slot is queued at most once).</summary>
    private sealed class IndexQueue
    {
        private readonly int[] _items;
        private readonly int _mask;
        private long _head;
        private long _tail;

        public IndexQueue(int capacity)
        {
            int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
            _items = new int[size];
            _mask = size - 1;
        }

        public bool IsEmpty => Volatile.Read(ref _head) == Volatile.Read(ref _tail);

        public void Enqueue(int index)
        {
            long tail = _tail;
            _items[tail & _mask] = index;
            Volatile.Write(ref _tail, tail + 1);
        }

        public bool TryDequeue(out int index)
        {
            long head = _head;
            if (head == Volatile.Read(ref _tail))
            {
                index = -1;
                return false;
            }

            index = _items[head & _mask];
            Volatile.Write(ref _head, head + 1);
            return true;
        }
    }
}
