namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// A firehose client's place in its format's tick log (README "Live stream"): a client that takes ticks and/or trades
/// of every instrument gets no queue entry per message; its sender walks the shared, indexed log itself, so the stream
/// stage spends nothing per such client and event. Owned by the client's sender; the watchdog and the stage only read
/// where it is. When the writer has come round over the cursor, the cursor moves to the newest message and the wanted
/// messages it passed are counted exactly from the log's index (message numbers and marked = trade counts).
/// </summary>
internal sealed class FirehoseCursor
{
    private StreamMessageLog? _log;
    private long _next;
    private long _markedBefore;

    /// <summary>The log being read, or null when the client takes its ticks and trades through its queue.</summary>
    public StreamMessageLog? Log => Volatile.Read(ref _log);

    /// <summary>Number of the next message to read.</summary>
    public long Next => Volatile.Read(ref _next);

    /// <summary>Sender: reads <paramref name="log"/> from message <paramref name="number"/>, before which it held <paramref name="markedBefore"/> trades.</summary>
    public void Start(StreamMessageLog log, long number, long markedBefore)
    {
        _markedBefore = markedBefore;
        Volatile.Write(ref _next, number);
        Volatile.Write(ref _log, log);
    }

    /// <summary>Sender: back to the queue.</summary>
    public void Stop() => Volatile.Write(ref _log, null);

    /// <summary>Whether a message below <see cref="StreamMessageLog.Count"/> waits (any thread).</summary>
    public bool HasPending() => Volatile.Read(ref _log) is { } log && log.Count > Volatile.Read(ref _next);

    /// <summary>Whether the writer has come round over the next message (watchdog thread).</summary>
    public bool IsLapped()
    {
        if (Volatile.Read(ref _log) is not { } log)
        {
            return false;
        }

        long next = Volatile.Read(ref _next);
        return next < log.Count && !log.TryGetEntry(next, out _, out _);
    }

    /// <summary>
    /// Sender: copies the next wanted message below <paramref name="limit"/> into <paramref name="destination"/> and
    /// returns its length; 0 when the cursor reached <paramref name="limit"/>; -1 when the writer came round over the
    /// cursor and <paramref name="limit"/> no longer says how many trades precede it (read the limit again).
    /// <paramref name="limitMarked"/>: the trades before <paramref name="limit"/>, or -1 when it is the log's count.
    /// Wanted messages passed over are added to <paramref name="dropped"/>.
    /// </summary>
    public int TryRead(Span<byte> destination, StreamChannels wanted, long limit, long limitMarked, ref long dropped)
    {
        StreamMessageLog log = _log!;
        while (_next < limit)
        {
            // One check after the copy covers the index entry read before it; an unwanted message (a trade for a
            // ticks-only client) is copied and passed over.
            if (!log.TryCopyMessage(_next, destination, out int length, out long markedThrough))
            {
                if (!TrySkip(log, wanted, limit, limitMarked, ref dropped))
                {
                    return -1;
                }

                continue;
            }

            bool keep = Wants(wanted, markedThrough);
            Advance(_next + 1, markedThrough);
            if (keep)
            {
                return length;
            }
        }

        return 0;
    }

    /// <summary>
    /// Sender: copies the longest run of consecutive wanted records below <paramref name="limit"/> that fits into
    /// <paramref name="destination"/> — the bytes as the log holds them, <c>[u32 length][bytes]</c> each, i.e. the body
    /// of a binary batch — copied in one piece and then checked against the writer; returns its bytes and
    /// <paramref name="count"/> its messages (0: none, or -1 as for <see cref="TryRead"/>). <paramref name="jsonArray"/>:
    /// copy the run's messages (of a JSON log) as one JSON array instead, the longest run whose array fits (a JSON batch,
    /// <see cref="StreamMessageLog.TryCopyAsJsonArray"/>), and return the array's bytes.
    /// </summary>
    public int TryReadRun(Span<byte> destination, StreamChannels wanted, long limit, long limitMarked, out int count, ref long dropped, bool jsonArray = false)
    {
        count = 0;
        StreamMessageLog log = _log!;
        while (_next < limit)
        {
            if (!log.TryGetEntry(_next, out long start, out long markedThrough))
            {
                if (!TrySkip(log, wanted, limit, limitMarked, ref dropped))
                {
                    return -1;
                }

                continue;
            }

            if (!Wants(wanted, markedThrough))
            {
                Advance(_next + 1, markedThrough);
                continue;
            }

            // Walk the index while the records follow each other (the writer skips the buffer's tail), are wanted and
            // fit; entries and lengths read now are checked with the whole run after the copy (one fence per run, not
            // one per message): a slot reused later than the run's first message, or bytes overwritten, fail it.
            // An array takes '[' and, per message, its bytes and one ',' or the closing ']'.
            long end = start;
            long number = _next;
            long marked = _markedBefore;
            long size = jsonArray ? 1 : 0;
            while (number < limit)
            {
                log.PeekEntry(number, out long position, out long through);
                if (position != end || !Wants(wanted, through, marked))
                {
                    break;
                }

                int length = log.LengthAt(position);
                long recordEnd = position + StreamMessageLog.LengthPrefix + length;
                long grown = jsonArray ? size + length + 1 : recordEnd - start;
                if (length < 0 || grown > destination.Length)
                {
                    break;
                }

                end = recordEnd;
                size = grown;
                marked = through;
                number++;
            }

            int copied = 0;
            if (number == _next
                || !(jsonArray ? log.TryCopyAsJsonArray(start, end, destination, out copied) : log.TryCopyRegion(start, end, destination))
                || !log.IsIndexCurrentFrom(_next))
            {
                if (!TrySkip(log, wanted, limit, limitMarked, ref dropped))
                {
                    return -1;
                }

                continue;
            }

            count = (int)(number - _next);
            Advance(number, marked);
            return jsonArray ? copied : (int)(end - start);
        }

        return 0;
    }

    /// <summary>Sender: moves to <paramref name="limit"/> without reading or counting (0), or -1 as for <see cref="TryRead"/>.</summary>
    public int TrySkipTo(long limit, long limitMarked)
    {
        long ignored = 0;
        return _next >= limit || TrySkip(_log!, StreamChannels.None, limit, limitMarked, ref ignored) ? 0 : -1;
    }

    private bool Wants(StreamChannels wanted, long markedThrough) => Wants(wanted, markedThrough, _markedBefore);

    private static bool Wants(StreamChannels wanted, long markedThrough, long markedBefore) =>
        (wanted & (markedThrough != markedBefore ? StreamChannels.Trades : StreamChannels.Ticks)) != 0;

    private void Advance(long next, long markedBefore)
    {
        _markedBefore = markedBefore;
        Volatile.Write(ref _next, next);
    }

    // The writer came round over the cursor: move to the limit (the newest message, or a stop point), counting the
    // wanted messages passed over from the message and trade counts at both ends.
    private bool TrySkip(StreamMessageLog log, StreamChannels wanted, long limit, long limitMarked, ref long dropped)
    {
        long markedAtLimit = limitMarked;
        if (markedAtLimit < 0 && !log.TryGetEntry(limit - 1, out _, out markedAtLimit))
        {
            return false;
        }

        long trades = markedAtLimit - _markedBefore;
        long ticks = limit - _next - trades;
        dropped += ((wanted & StreamChannels.Ticks) != 0 ? ticks : 0) + ((wanted & StreamChannels.Trades) != 0 ? trades : 0);
        Advance(limit, markedAtLimit);
        return true;
    }
}
