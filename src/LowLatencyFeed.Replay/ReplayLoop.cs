using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Replay;

/// <summary>
/// The replay loop shared by the single-threaded replay and each worker of a parallel one: every event of the cursor
/// through the bar builder, the indicators, the book builder and any extra consumers, in batches, on the calling thread.
/// </summary>
internal sealed class ReplayLoop
{
    private readonly BarBuilderHandler _bars;
    private readonly BookBuilderHandler _books;
    private readonly IReadOnlyList<IEventHandler<MarketEvent>> _extra;
    private readonly IndicatorReplay? _indicators;
    private readonly SpoolingDerivedSink? _spool;

    public ReplayLoop(BarBuilderHandler bars, BookBuilderHandler books, IReadOnlyList<IEventHandler<MarketEvent>> extra, IndicatorReplay? indicators, SpoolingDerivedSink? spool)
    {
        _bars = bars;
        _books = books;
        _extra = extra;
        _indicators = indicators;
        _spool = spool;
    }

    public BarBuilderHandler Bars => _bars;

    /// <summary>Events handed to the consumers.</summary>
    public long Events { get; private set; }

    /// <summary>Control and clock events among <see cref="Events"/> (every partition of a parallel replay gets them all).</summary>
    public long SharedEvents { get; private set; }

    public long LastSequence { get; private set; } = -1;

    public EventHeader LastHeader;

    public bool Cancelled { get; private set; }

    public void Run(JournalCursor cursor, ReplayOptions options, ReplayPacer? pacer, CancellationToken cancellation)
    {
        BarBuilderHandler bars = _bars;
        BookBuilderHandler books = _books;
        IReadOnlyList<IEventHandler<MarketEvent>> extra = _extra;
        IndicatorReplay? indicators = _indicators;
        SpoolingDerivedSink? spool = _spool;
        int batchSize = options.BatchSize;
        bool markReplayed = options.MarkReplayed;
        long events = 0;
        long shared = 0;
        long lastSequence = -1;
        MarketEvent slot = default;

        Start();
        bool more = cursor.MoveNext();
        while (more)
        {
            if (cancellation.IsCancellationRequested)
            {
                Cancelled = true;
                break;
            }

            bars.OnBatchStart(batchSize);
            books.OnBatchStart(batchSize);
            for (int h = 0; h < extra.Count; h++)
            {
                extra[h].OnBatchStart(batchSize);
            }

            for (int i = 0; i < batchSize && more; i++)
            {
                // The loop reads one event ahead (to know the end of a batch), so the event being handled is a copy.
                slot = cursor.Current;
                if (markReplayed)
                {
                    slot.Header.Flags |= EventFlags.Replayed;
                }

                pacer?.WaitFor(in slot.Header, cancellation);
                long sequence = slot.Header.Sequence;
                more = cursor.MoveNext();
                bool endOfBatch = !more || i == batchSize - 1;
                if (spool is not null)
                {
                    spool.Step = sequence;
                }

                bars.OnEvent(ref slot, sequence, endOfBatch);
                indicators?.OnEvent(sequence);
                books.OnEvent(ref slot, sequence, endOfBatch);
                for (int h = 0; h < extra.Count; h++)
                {
                    extra[h].OnEvent(ref slot, sequence, endOfBatch);
                }

                events++;
                if (slot.Header.Kind is EventKind.Control or EventKind.Clock)
                {
                    shared++;
                }

                lastSequence = sequence;
            }

            bars.OnBatchEnd(lastSequence);
            books.OnBatchEnd(lastSequence);
            for (int h = 0; h < extra.Count; h++)
            {
                extra[h].OnBatchEnd(lastSequence);
            }
        }

        Events = events;
        SharedEvents = shared;
        LastSequence = lastSequence;
        LastHeader = slot.Header;
    }

    /// <summary>Publishes the bars still open, flagged Partial, as of <paramref name="last"/> (the last event replayed).</summary>
    public void FlushOpenBars(ref readonly EventHeader last)
    {
        if (_spool is not null)
        {
            // After every replayed step: the canonical order puts these last.
            _spool.Step = long.MaxValue;
        }

        _bars.Aggregator.FlushOpenBars(in last);
    }

    public void Shutdown()
    {
        _bars.OnShutdown();
        _books.OnShutdown();
        for (int i = 0; i < _extra.Count; i++)
        {
            _extra[i].OnShutdown();
        }
    }

    private void Start()
    {
        _bars.OnStart();
        _books.OnStart();
        for (int i = 0; i < _extra.Count; i++)
        {
            _extra[i].OnStart();
        }
    }
}
