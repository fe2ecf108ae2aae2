using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.CatchUp;

/// <summary>
/// Catch-up of a derived stream: runs fresh processing engines over the journal from a deterministic starting point
/// and keeps the derived events of this stream whose source sequence falls in the range. The starting point:
/// <list type="bullet">
/// <item>a range inside this run (at or after <c>liveOrigin</c>, where the live engines started) replays from
/// <c>liveReplayStart</c>, the first event the live engines were warmed up with, so the engines see exactly the events
/// the live ones saw and reach exactly their state: the bars open at the restart, the books, and the signal in force or
/// pending persistence (starting at <c>liveOrigin</c> with empty engines lost those: a signal whose entry condition
/// began before a restart, a bar opened before it);</item>
/// <item>an earlier range (a crash or outage of a previous run) replays from the <see cref="ProcessingReplayWindow"/> of
/// the first missing event (00:00 UTC of the day before it).</item>
/// <item>indicators replay the whole journal: their values depend on every earlier bar (the live indicators are
/// warmed up the same way), so only the full history rebuilds the value the live run stored.</item>
/// </list>
/// The engines of one catch-up are kept for the next: a later range with the same starting point continues them from
/// the last event they read instead of replaying from the start again (the engines are deterministic, so the state is
/// the same). Without that, every outage of a long run replayed the run's whole warm-up window (and indicators the
/// whole journal) again, and catch-up time grew with each outage.
/// </summary>
internal sealed class DerivedCatchUpSource : ICatchUpSource<DerivedEvent>
{
    private readonly JournalSource _journal;
    private readonly DerivedEngineFactory _factory;
    private readonly DerivedEventKind _kind;
    private readonly long _liveOrigin;
    private readonly long _liveReplayStart;

    // The engines of the last catch-up, the sequence they started at and the last one they read; null when none or
    // when a catch-up failed part-way (an engine may have been left between two states).
    private IReadOnlyList<IEventHandler<MarketEvent>>? _engines;
    private DerivedEventBuffer? _buffer;
    private DepthSlabPool? _slabs;
    private long _engineStart;
    private long _enginePosition;

    /// <param name="journal">The journal.</param>
    /// <param name="factory">Fresh engines configured like the live ones.</param>
    /// <param name="kind">The derived stream.</param>
    /// <param name="liveOrigin">The first sequence the live engines processed from the ring in this run.</param>
    /// <param name="liveReplayStart">The first sequence the live engines were warmed up with (<paramref name="liveOrigin"/> when they started empty).</param>
    public DerivedCatchUpSource(JournalSource journal, DerivedEngineFactory factory, DerivedEventKind kind, long liveOrigin, long liveReplayStart)
    {
        _journal = journal;
        _factory = factory;
        _kind = kind;
        _liveOrigin = liveOrigin;
        _liveReplayStart = Math.Min(liveReplayStart, liveOrigin);
    }

    public long ReadableEnd => _journal.ReadableEnd;

    public long Read(long from, long to, RowBatch<DerivedEvent> batch, Action<RowBatch<DerivedEvent>> flush, CancellationToken cancellation)
    {
        long start = ReplayStart(from);
        IReadOnlyList<IEventHandler<MarketEvent>>? engines = _engines;
        DerivedEventBuffer? buffer = _buffer;
        DepthSlabPool? slabs = _slabs;
        long readFrom;
        if (engines is not null && buffer is not null && slabs is not null && _engineStart == start && _enginePosition < from)
        {
            readFrom = _enginePosition + 1;
        }
        else
        {
            buffer = new DerivedEventBuffer(4096);
            slabs = new DepthSlabPool(1);
            engines = _factory(buffer, slabs);
            foreach (IEventHandler<MarketEvent> engine in engines)
            {
                engine.OnStart();
            }

            _engineStart = start;
            _enginePosition = start - 1;
            readFrom = start;
        }

        // Taken for this catch-up and given back only when it ends normally.
        _engines = null;
        long events = 0;
        long highest = from - 1;
        MarketEvent copy;
        using (JournalCursor cursor = _journal.Open(readFrom, to, slabs))
        {
            while (cursor.MoveNext())
            {
                events++;
                long seq = cursor.Current.Header.Sequence;
                _enginePosition = seq;
                foreach (IEventHandler<MarketEvent> engine in engines)
                {
                    copy = cursor.Current;
                    engine.OnEvent(ref copy, seq, endOfBatch: false);
                }

                ReadOnlySpan<DerivedEvent> derived = buffer.Events;
                for (int i = 0; i < derived.Length; i++)
                {
                    ref readonly DerivedEvent d = ref derived[i];
                    if (d.Header.Kind != _kind || d.Header.SourceSequence < from || d.Header.SourceSequence > to)
                    {
                        continue;
                    }

                    if (batch.Free == 0)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        batch.LastSequence = highest;
                        flush(batch);
                    }

                    batch.Add() = d;
                    highest = Math.Max(highest, d.Header.SourceSequence);
                }

                buffer.Clear();
            }
        }

        batch.LastSequence = to;
        flush(batch);
        _engines = engines;
        _buffer = buffer;
        _slabs = slabs;
        return events;
    }

    /// <summary>Where the engines start for a range beginning at <paramref name="from"/>.</summary>
    internal long ReplayStart(long from)
    {
        if (_kind == DerivedEventKind.Indicator)
        {
            return 0;
        }

        return from >= _liveOrigin ? _liveReplayStart : ProcessingReplayWindow.StartSequence(_journal, from);
    }
}
