using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// The spot local order book procedure of Binance/README.md §5 for one symbol, as a pure state machine: no I/O, no locks,
/// no allocation after construction. Diffs go in through <see cref="OnDiff{TSink}"/>, REST snapshots through
/// <see cref="OnSnapshot{TSink}(BinanceDepthSnapshot, ref TSink, out int)"/>; book events come out into the sink only while the book is in sync.
/// </summary>
/// <remarks>
/// <para><b>Buffering.</b> Until in sync, diffs are copied into a preallocated bounded buffer and
/// <see cref="NeedsSnapshot"/> turns true once one is buffered (so every snapshot can be checked against the first
/// buffered <c>U</c>). The buffer is kept continuous: a diff with <c>U != last u + 1</c> discards what was buffered
/// before it, because those diffs could only ever be applied under a snapshot that already covers them. A full
/// buffer is discarded too (the snapshot is too slow in coming); buffering restarts with the current diff.</para>
/// <para><b>Snapshot.</b> Rejected as <see cref="BinanceSnapshotOutcome.TooOld"/> when <c>lastUpdateId &lt; U</c> of the
/// first buffered diff (fetch again). Otherwise buffered diffs with <c>u &lt;= lastUpdateId</c> are dropped, the snapshot
/// is published as a <see cref="DepthUpdateKind.Snapshot"/> (ids = lastUpdateId), then the remaining buffered diffs in
/// order; the first of them straddles <c>lastUpdateId + 1</c> by construction.</para>
/// <para><b>In sync.</b> A diff with <c>u &lt;= bookUpdateId</c> is stale and dropped. The first diff applied after the
/// snapshot must have <c>U &lt;= bookUpdateId + 1</c>; every later one <c>U == previous u + 1</c>. Anything else is a gap:
/// a <see cref="ControlCode.BookResync"/> event is published (Reason <see cref="BinanceResyncReason.Gap"/>,
/// Argument0 = expected U, Argument1 = received U), the book state is dropped and buffering restarts with that diff.
/// Consumers must clear their book for the instrument on BookResync and wait for the next Snapshot.</para>
/// <para>Events keep the receive time of the frame that carried them, so buffered diffs published after the snapshot
/// carry receive times earlier than the snapshot's.</para>
/// </remarks>
public sealed class BinanceBookSynchronizer
{
    /// <summary>Default buffered diffs: 100 s of a 100 ms stream.</summary>
    public const int DefaultBufferedEvents = 1024;

    /// <summary>Default buffered levels (20 bytes each): several seconds of a busy symbol's diffs.</summary>
    public const int DefaultBufferedLevels = 32768;

    private readonly long[] _firstIds;
    private readonly long[] _finalIds;
    private readonly long[] _exchangeTimes;
    private readonly long[] _receiveTimes;
    private readonly EventFlags[] _flags;
    private readonly int[] _levelStarts;
    private readonly int[] _bidCounts;
    private readonly int[] _askCounts;
    private readonly DepthLevel[] _levels;
    private readonly DepthSlabPool? _slabs;
    private readonly FeedDiagnostics? _diagnostics;
    private readonly EventHeader _template;
    private int _count;
    private int _levelCount;
    private BinanceBookSyncState _state;
    private bool _awaitingFirstDiff;
    private long _bookUpdateId;
    private long _appliedDiffs;
    private long _staleDiffs;
    private long _gaps;
    private long _resyncs;
    private long _bufferGaps;
    private long _overflows;
    private long _snapshotsApplied;
    private long _snapshotsTooOld;
    private long _snapshotsIgnored;

    /// <summary>Creates the synchronizer for one symbol.</summary>
    /// <param name="instrument">Engine instrument of the symbol.</param>
    /// <param name="priceDecimals">Price scale of the levels it is given.</param>
    /// <param name="quantityDecimals">Quantity scale of the levels it is given.</param>
    /// <param name="sessionId">Stamped on every event.</param>
    /// <param name="bufferedEvents">Most diffs buffered while out of sync.</param>
    /// <param name="bufferedLevels">Most levels (both sides, all buffered diffs) buffered while out of sync.</param>
    /// <param name="slabs">Optional slab pool for messages with more than 9 levels (see <see cref="BinanceDepthWriter"/>).</param>
    /// <param name="diagnostics">Optional: gaps and overflows are counted there as <see cref="ParseErrorReason.Sequencing"/>.</param>
    public BinanceBookSynchronizer(
        InstrumentId instrument,
        byte priceDecimals,
        byte quantityDecimals,
        ushort sessionId = 0,
        int bufferedEvents = DefaultBufferedEvents,
        int bufferedLevels = DefaultBufferedLevels,
        DepthSlabPool? slabs = null,
        FeedDiagnostics? diagnostics = null)
    {
        if (bufferedEvents <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(bufferedEvents), "At least one diff must fit the buffer.");
        }

        if (bufferedLevels <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(bufferedLevels), "At least one level must fit the buffer.");
        }

        _firstIds = new long[bufferedEvents];
        _finalIds = new long[bufferedEvents];
        _exchangeTimes = new long[bufferedEvents];
        _receiveTimes = new long[bufferedEvents];
        _flags = new EventFlags[bufferedEvents];
        _levelStarts = new int[bufferedEvents];
        _bidCounts = new int[bufferedEvents];
        _askCounts = new int[bufferedEvents];
        _levels = new DepthLevel[bufferedLevels];
        _slabs = slabs;
        _diagnostics = diagnostics;
        _template = new EventHeader
        {
            Feed = FeedKind.Binance,
            PriceDecimals = priceDecimals,
            QuantityDecimals = quantityDecimals,
            SessionId = sessionId,
            Instrument = instrument,
        };
    }

    /// <summary>The instrument whose book this is.</summary>
    public InstrumentId Instrument => _template.Instrument;

    /// <summary>Buffering or in sync.</summary>
    public BinanceBookSyncState State => _state;

    /// <summary>True when a snapshot should be fetched: out of sync with at least one diff buffered.</summary>
    public bool NeedsSnapshot => _state == BinanceBookSyncState.Buffering && _count > 0;

    /// <summary>The update id the published book is at (valid while <see cref="State"/> is Synced).</summary>
    public long BookUpdateId => _bookUpdateId;

    /// <summary>Diffs buffered now.</summary>
    public int BufferedDiffs => _count;

    /// <summary><c>U</c> of the first buffered diff, 0 when none is buffered.</summary>
    public long FirstBufferedUpdateId => _count > 0 ? _firstIds[0] : 0;

    /// <summary>Diffs applied to the book (published live or from the buffer).</summary>
    public long AppliedDiffs => Volatile.Read(ref _appliedDiffs);

    /// <summary>Diffs dropped because the book already covered them (<c>u &lt;= bookUpdateId</c>), in sync or while replaying the buffer.</summary>
    public long StaleDiffs => Volatile.Read(ref _staleDiffs);

    /// <summary>Gaps found while in sync (each caused a resync).</summary>
    public long Gaps => Volatile.Read(ref _gaps);

    /// <summary>BookResync events published (gaps and reconnects of a synced book).</summary>
    public long Resyncs => Volatile.Read(ref _resyncs);

    /// <summary>Discontinuities inside the buffer (older buffered diffs discarded).</summary>
    public long BufferGaps => Volatile.Read(ref _bufferGaps);

    /// <summary>Times the buffer filled up and was discarded.</summary>
    public long BufferOverflows => Volatile.Read(ref _overflows);

    /// <summary>Snapshots applied.</summary>
    public long SnapshotsApplied => Volatile.Read(ref _snapshotsApplied);

    /// <summary>Snapshots rejected as older than the first buffered diff.</summary>
    public long SnapshotsTooOld => Volatile.Read(ref _snapshotsTooOld);

    /// <summary>Snapshots that arrived when none was wanted.</summary>
    public long SnapshotsIgnored => Volatile.Read(ref _snapshotsIgnored);

    /// <summary>Feeds one diff; publishes it (in sync), a BookResync (gap) or nothing (buffered).</summary>
    /// <returns>Events published.</returns>
    public int OnDiff<TSink>(in BinanceDiff diff, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks, ref TSink sink)
        where TSink : IEventSink
    {
        if (_state == BinanceBookSyncState.Synced)
        {
            if (diff.FinalUpdateId <= _bookUpdateId)
            {
                _staleDiffs++;
                return 0;
            }

            // The first diff after the snapshot only has to straddle it; afterwards the chain must be exact.
            bool continues = _awaitingFirstDiff
                ? diff.FirstUpdateId <= _bookUpdateId + 1
                : diff.FirstUpdateId == _bookUpdateId + 1;
            if (continues)
            {
                _awaitingFirstDiff = false;
                _bookUpdateId = diff.FinalUpdateId;
                _appliedDiffs++;
                return PublishDiff(diff, bids, asks, ref sink);
            }

            return Resync(diff, bids, asks, ref sink);
        }

        Buffer(diff, bids, asks);
        return 0;
    }

    /// <summary>Offers the snapshot in <paramref name="snapshot"/>.</summary>
    public BinanceSnapshotOutcome OnSnapshot<TSink>(BinanceDepthSnapshot snapshot, ref TSink sink, out int events)
        where TSink : IEventSink
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return OnSnapshot(snapshot.LastUpdateId, snapshot.Bids, snapshot.Asks, snapshot.ReceiveTimeNs, ref sink, out events);
    }

    /// <summary>Offers a REST snapshot with <paramref name="lastUpdateId"/>, received at <paramref name="receiveTimeNs"/>.</summary>
    /// <returns>What was done; <paramref name="events"/> counts the events published.</returns>
    public BinanceSnapshotOutcome OnSnapshot<TSink>(
        long lastUpdateId,
        ReadOnlySpan<DepthLevel> bids,
        ReadOnlySpan<DepthLevel> asks,
        long receiveTimeNs,
        ref TSink sink,
        out int events)
        where TSink : IEventSink
    {
        events = 0;
        if (_state != BinanceBookSyncState.Buffering || _count == 0)
        {
            _snapshotsIgnored++;
            return BinanceSnapshotOutcome.Ignored;
        }

        if (lastUpdateId < _firstIds[0])
        {
            _snapshotsTooOld++;
            return BinanceSnapshotOutcome.TooOld;
        }

        int next = 0;
        while (next < _count && _finalIds[next] <= lastUpdateId)
        {
            next++;
        }

        _staleDiffs += next;

        EventHeader header = _template;
        header.ExchangeTimeNs = receiveTimeNs;
        header.ReceiveTimeNs = receiveTimeNs;
        header.Flags = EventFlags.ExchangeTimeFromReceive;
        events = BinanceDepthWriter.Publish(ref sink, header, DepthUpdateKind.Snapshot, lastUpdateId, lastUpdateId, bids, asks, _slabs);
        _snapshotsApplied++;
        _state = BinanceBookSyncState.Synced;
        _bookUpdateId = lastUpdateId;
        _awaitingFirstDiff = true;

        // The buffer is continuous and starts at or below lastUpdateId, so diff `next` straddles lastUpdateId + 1 and
        // each later one continues the previous: replaying cannot resync (if it did, the resync restarts buffering).
        int count = _count;
        for (int i = next; i < count && _state == BinanceBookSyncState.Synced; i++)
        {
            var diff = new BinanceDiff(_firstIds[i], _finalIds[i], _exchangeTimes[i], _receiveTimes[i], _flags[i]);
            int start = _levelStarts[i];
            events += OnDiff(diff, _levels.AsSpan(start, _bidCounts[i]), _levels.AsSpan(start + _bidCounts[i], _askCounts[i]), ref sink);
        }

        if (_state == BinanceBookSyncState.Synced)
        {
            ClearBuffer();
        }

        return BinanceSnapshotOutcome.Applied;
    }

    /// <summary>
    /// The connection was re-established (or the caller wants a fresh book): everything buffered is dropped; a synced
    /// book is discarded with a BookResync event (Reason <see cref="BinanceResyncReason.Reconnect"/>, Argument0 = the
    /// book's last update id).
    /// </summary>
    /// <returns>Events published (0 or 1).</returns>
    public int Reset<TSink>(long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        int events = 0;
        if (_state == BinanceBookSyncState.Synced)
        {
            events = PublishResync(BinanceResyncReason.Reconnect, _bookUpdateId, 0, receiveTimeNs, receiveTimeNs, EventFlags.ExchangeTimeFromReceive, ref sink);
        }

        _state = BinanceBookSyncState.Buffering;
        _awaitingFirstDiff = false;
        ClearBuffer();
        return events;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Resync<TSink>(in BinanceDiff diff, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks, ref TSink sink)
        where TSink : IEventSink
    {
        _gaps++;
        _diagnostics?.Report(
            ParseErrorReason.Sequencing,
            "depth update id gap (U does not continue the book); book discarded, resynchronising from a REST snapshot",
            ReadOnlySpan<byte>.Empty,
            0);
        int events = PublishResync(BinanceResyncReason.Gap, _bookUpdateId + 1, diff.FirstUpdateId, diff.ExchangeTimeNs, diff.ReceiveTimeNs, diff.Flags, ref sink);
        _state = BinanceBookSyncState.Buffering;
        _awaitingFirstDiff = false;
        ClearBuffer();
        Buffer(diff, bids, asks);
        return events;
    }

    private int PublishResync<TSink>(BinanceResyncReason reason, long argument0, long argument1, long exchangeTimeNs, long receiveTimeNs, EventFlags flags, ref TSink sink)
        where TSink : IEventSink
    {
        _resyncs++;
        ref MarketEvent e = ref sink.Claim();
        e.Header = _template;
        e.Header.Kind = EventKind.Control;
        e.Header.ExchangeTimeNs = exchangeTimeNs;
        e.Header.ReceiveTimeNs = receiveTimeNs;
        e.Header.Flags = flags;
        e.Control.Code = ControlCode.BookResync;
        e.Control.Reason = (int)reason;
        e.Control.Argument0 = argument0;
        e.Control.Argument1 = argument1;
        sink.Publish();
        return 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PublishDiff<TSink>(in BinanceDiff diff, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks, ref TSink sink)
        where TSink : IEventSink
    {
        EventHeader header = _template;
        header.ExchangeTimeNs = diff.ExchangeTimeNs;
        header.ReceiveTimeNs = diff.ReceiveTimeNs;
        header.Flags = diff.Flags;
        return BinanceDepthWriter.Publish(ref sink, header, DepthUpdateKind.Diff, diff.FirstUpdateId, diff.FinalUpdateId, bids, asks, _slabs);
    }

    private void Buffer(in BinanceDiff diff, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        if (_count > 0)
        {
            long lastFinal = _finalIds[_count - 1];
            if (diff.FinalUpdateId <= lastFinal)
            {
                // A repeat of something buffered already.
                _staleDiffs++;
                return;
            }

            if (diff.FirstUpdateId != lastFinal + 1)
            {
                _bufferGaps++;
                ClearBuffer();
            }
        }

        int levels = bids.Length + asks.Length;
        if (_count == _firstIds.Length || _levelCount + levels > _levels.Length)
        {
            _overflows++;
            _diagnostics?.Report(
                ParseErrorReason.Sequencing,
                "depth diff buffer full while waiting for a snapshot; buffer discarded and buffering restarted",
                ReadOnlySpan<byte>.Empty,
                0);
            ClearBuffer();
            if (levels > _levels.Length)
            {
                return;
            }
        }

        int i = _count;
        _firstIds[i] = diff.FirstUpdateId;
        _finalIds[i] = diff.FinalUpdateId;
        _exchangeTimes[i] = diff.ExchangeTimeNs;
        _receiveTimes[i] = diff.ReceiveTimeNs;
        _flags[i] = diff.Flags;
        _levelStarts[i] = _levelCount;
        _bidCounts[i] = bids.Length;
        _askCounts[i] = asks.Length;
        bids.CopyTo(_levels.AsSpan(_levelCount));
        asks.CopyTo(_levels.AsSpan(_levelCount + bids.Length));
        _levelCount += levels;
        _count = i + 1;
    }

    private void ClearBuffer()
    {
        _count = 0;
        _levelCount = 0;
    }
}
