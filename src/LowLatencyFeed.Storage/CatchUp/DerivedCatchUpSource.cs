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
/// <item>full-history engines (the model scoring stage, whose live features are seeded from the whole journal) replay
/// the whole journal too, beside the window engines: one cursor from the earliest start feeds each set of engines
/// from its own start, so every set reaches the state its live counterpart had.</item>
/// </list>
/// The engines of one catch-up are kept for the next: a later range with the same starting point continues them from
/// the last event they read instead of replaying from the start again (the engines are deterministic, so the state is
/// the same). Without that, every outage of a long run replayed the run's whole warm-up window (and indicators the
/// whole journal) again, and catch-up time grew with each outage.
/// </summary>
internal sealed class DerivedCatchUpSource : ICatchUpSource<DerivedEvent>
{
    private readonly JournalSource _journal;
    private readonly DerivedEventKind _kind;
    private readonly long _liveOrigin;
    private readonly long _liveReplayStart;
    private readonly EngineSet[] _sets;

    // Shared by every engine set (their depth reads resolve against the pool the cursor fills) and kept for the
    // source's lifetime, so a set continued from an earlier catch-up and one built now read the same slabs.
    private readonly DerivedEventBuffer _buffer = new(4096);
    private readonly DepthSlabPool _slabs = new(1);

    /// <param name="journal">The journal.</param>
    /// <param name="factory">Fresh engines configured like the live ones.</param>
    /// <param name="kind">The derived stream.</param>
    /// <param name="liveOrigin">The first sequence the live engines processed from the ring in this run.</param>
    /// <param name="liveReplayStart">The first sequence the live engines were warmed up with (<paramref name="liveOrigin"/> when they started empty).</param>
    /// <param name="fullHistoryFactory">Engines whose live state was seeded from the whole journal (the model scoring stage); null: none.</param>
    public DerivedCatchUpSource(JournalSource journal, DerivedEngineFactory factory, DerivedEventKind kind, long liveOrigin, long liveReplayStart, DerivedEngineFactory? fullHistoryFactory = null)
    {
        _journal = journal;
        _kind = kind;
        _liveOrigin = liveOrigin;
        _liveReplayStart = Math.Min(liveReplayStart, liveOrigin);
        _sets = fullHistoryFactory is null
            ? [new EngineSet(factory, fullHistory: false)]
            : [new EngineSet(factory, fullHistory: false), new EngineSet(fullHistoryFactory, fullHistory: true)];
    }

    public long ReadableEnd => _journal.ReadableEnd;

    public long Read(long from, long to, RowBatch<DerivedEvent> batch, Action<RowBatch<DerivedEvent>> flush, CancellationToken cancellation)
    {
        long readFrom = long.MaxValue;
        foreach (EngineSet set in _sets)
        {
            // Taken for this catch-up and kept only when it ends normally (an engine may be left between two states).
            readFrom = Math.Min(readFrom, set.Prepare(set.FullHistory ? 0 : ReplayStart(from), from, _buffer, _slabs));
        }

        _buffer.Clear();
        long events = 0;
        long highest = from - 1;
        MarketEvent copy;
        using (JournalCursor cursor = _journal.Open(readFrom, to, _slabs))
        {
            while (cursor.MoveNext())
            {
                events++;
                long seq = cursor.Current.Header.Sequence;
                foreach (EngineSet set in _sets)
                {
                    if (seq < set.ReadFrom)
                    {
                        continue;
                    }

                    set.Position = seq;
                    foreach (IEventHandler<MarketEvent> engine in set.Engines!)
                    {
                        copy = cursor.Current;
                        engine.OnEvent(ref copy, seq, endOfBatch: false);
                    }
                }

                ReadOnlySpan<DerivedEvent> derived = _buffer.Events;
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

                _buffer.Clear();
            }
        }

        batch.LastSequence = to;
        flush(batch);
        foreach (EngineSet set in _sets)
        {
            set.Keep();
        }

        return events;
    }

    /// <summary>Where the window engines start for a range beginning at <paramref name="from"/>.</summary>
    internal long ReplayStart(long from)
    {
        if (_kind == DerivedEventKind.Indicator)
        {
            return 0;
        }

        return from >= _liveOrigin ? _liveReplayStart : ProcessingReplayWindow.StartSequence(_journal, from);
    }

    /// <summary>One factory's engines, where they started and the last event they read.</summary>
    private sealed class EngineSet(DerivedEngineFactory factory, bool fullHistory)
    {
        private bool _kept;
        private long _start;

        public bool FullHistory { get; } = fullHistory;

        public IReadOnlyList<IEventHandler<MarketEvent>>? Engines { get; private set; }

        /// <summary>The first sequence this catch-up feeds them.</summary>
        public long ReadFrom { get; private set; }

        /// <summary>The last sequence they read.</summary>
        public long Position { get; set; }

        /// <summary>Continues the kept engines when they started at <paramref name="start"/> and are before <paramref name="from"/>, else builds fresh ones; returns where they read from.</summary>
        public long Prepare(long start, long from, DerivedEventBuffer buffer, DepthSlabPool slabs)
        {
            if (_kept && Engines is not null && _start == start && Position < from)
            {
                ReadFrom = Position + 1;
            }
            else
            {
                Engines = factory(buffer, slabs);
                foreach (IEventHandler<MarketEvent> engine in Engines)
                {
                    engine.OnStart();
                }

                _start = start;
                Position = start - 1;
                ReadFrom = start;
            }

            _kept = false;
            return ReadFrom;
        }

        public void Keep() => _kept = true;
    }
}
