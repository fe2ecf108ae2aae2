using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Storage.CatchUp;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Tests.Support;
using static LowLatencyFeed.Storage.Tests.Support.TestEvents;

namespace LowLatencyFeed.Storage.Tests.CatchUp;

public sealed class DerivedCatchUpSourceTests
{
    private const long Ms = 1_000_000;

    private static readonly BarOptions s_bars = new() { Timeframes = [BarTimeframe.Seconds(1), BarTimeframe.Minutes(1)] };

    private static readonly DerivedEngineFactory s_engines = (sink, slabs) =>
        [new BarBuilderHandler(s_bars, sink), new BookBuilderHandler(new BookOptions(), new SignalOptions(), sink, slabs)];

    /// <summary>
    /// After a restart the live engines continue from the journal (warmed up): a bar opened before the restart and a
    /// signal whose entry condition began before it (pending persistence at the kill) are closed and fired by events of
    /// the new run. A catch-up of a range inside that run (the database was down, the stager dropped the rows) must
    /// rebuild exactly those rows. It used to start empty engines at the run's first sequence: the Buy signal was never
    /// fired, its exit never seen, and the minute bar came out with the new run's first price as its open.
    /// </summary>
    [Fact]
    public void A_range_inside_a_restarted_run_is_rebuilt_from_the_state_the_live_engines_were_warmed_up_to()
    {
        using var journal = new TestJournal();
        long t0 = BaseTimeNs;

        // The first run: a balanced book, a tick opening the 09:15 minute bar, then a bid-heavy book (imbalance 0.5 ≥ 0.3)
        // whose Buy entry needs 500 ms of persistence that the run does not live to see.
        journal.Publish(Book(t0, bid: 100, ask: 100));
        journal.Publish(Tick(Reliance, t0 + (100 * Ms), 10_000, 5, 1_000));
        journal.Publish(Book(t0 + (1_000 * Ms), bid: 300, ask: 100));
        journal.Publish(Tick(Reliance, t0 + (1_200 * Ms), 10_100, 5, 1_100));
        journal.Publish(Clock(t0 + (1_300 * Ms)));
        journal.EndBatch();

        // SIGKILL and restart: the live engines are warmed up from the replay window and continue at liveOrigin.
        journal.Reopen();
        long liveOrigin = journal.NextSequence;
        long warmedFrom = ProcessingReplayWindow.StartSequence(journal.Source, liveOrigin - 1);
        Assert.Equal(0, warmedFrom);

        journal.Publish(Clock(t0 + (1_600 * Ms)));                            // persistence elapsed: Buy
        journal.Publish(Tick(Reliance, t0 + (2_100 * Ms), 10_200, 5, 1_300));
        journal.Publish(Book(t0 + (2_500 * Ms), bid: 100, ask: 100));         // back to 0: the Buy ends
        journal.Publish(Clock(t0 + (63_000 * Ms)));                           // closes the 09:15 minute bar
        journal.EndBatch();
        long last = journal.LastSequence;

        Dictionary<DerivedEventKind, List<string>> expected = FullReplay(journal, liveOrigin);
        Assert.Equal(["Signal Buy (was Flat)", "Signal Flat (was Buy)"], expected[DerivedEventKind.Signal].Select(Side));
        Assert.Contains(expected[DerivedEventKind.Bar], row => row.Contains("tf 60s open 10000 ", StringComparison.Ordinal));

        foreach (DerivedEventKind kind in new[] { DerivedEventKind.Signal, DerivedEventKind.Bar, DerivedEventKind.BookMetrics })
        {
            var source = new DerivedCatchUpSource(journal.Source, s_engines, kind, liveOrigin, warmedFrom);
            Assert.Equal(expected[kind], CatchUp(source, liveOrigin, last));
        }
    }

    /// <summary>
    /// Two outages in one run: the second catch-up continues the engines of the first from the last event they read
    /// (it reads only the events after it) and rebuilds the same rows as a fresh catch-up of its range, which replays
    /// from the warm-up start again. A range that goes back before what the engines read starts them afresh.
    /// </summary>
    [Fact]
    public void A_later_range_of_the_same_run_continues_the_engines_of_the_earlier_one()
    {
        using var journal = new TestJournal();
        long t0 = BaseTimeNs;
        journal.Publish(Book(t0, bid: 100, ask: 100));
        journal.Publish(Tick(Reliance, t0 + (100 * Ms), 10_000, 5, 1_000));
        journal.Publish(Book(t0 + (1_000 * Ms), bid: 300, ask: 100));
        journal.Publish(Clock(t0 + (1_300 * Ms)));
        long firstEnd = journal.LastSequence;
        journal.Publish(Clock(t0 + (1_600 * Ms)));                            // persistence elapsed: Buy
        journal.Publish(Tick(Reliance, t0 + (2_100 * Ms), 10_200, 5, 1_300));
        journal.Publish(Book(t0 + (2_500 * Ms), bid: 100, ask: 100));         // the Buy ends
        journal.Publish(Clock(t0 + (63_000 * Ms)));                           // closes the minute bar
        journal.EndBatch();
        long last = journal.LastSequence;
        long secondFrom = firstEnd + 1;

        foreach (DerivedEventKind kind in new[] { DerivedEventKind.Signal, DerivedEventKind.Bar, DerivedEventKind.BookMetrics })
        {
            var continued = new DerivedCatchUpSource(journal.Source, s_engines, kind, liveOrigin: 0, liveReplayStart: 0);
            CatchUp(continued, 0, firstEnd, out long firstRead);
            Assert.Equal(firstEnd + 1, firstRead);
            List<string> second = CatchUp(continued, secondFrom, last, out long secondRead);
            Assert.Equal(last - firstEnd, secondRead);

            var fresh = new DerivedCatchUpSource(journal.Source, s_engines, kind, liveOrigin: 0, liveReplayStart: 0);
            List<string> expected = CatchUp(fresh, secondFrom, last, out long freshRead);
            Assert.Equal(last + 1, freshRead);
            Assert.Equal(expected, second);
            Assert.NotEmpty(expected);

            // Back to a range the engines have passed: they start again from the warm-up start.
            Assert.Equal(expected, CatchUp(continued, secondFrom, last, out long again));
            Assert.Equal(last + 1, again);
        }
    }

    /// <summary>
    /// Full-history engines (the model scoring stage, seeded live from the journal's start) run from the journal's
    /// start beside the window engines, which start where the live engines were warmed up from: one cursor feeds each set
    /// from its own start. A later range continues both sets without reading the journal from the start again.
    /// </summary>
    [Fact]
    public void Full_history_engines_replay_from_the_journal_start_beside_the_window_engines()
    {
        using var journal = new TestJournal();
        long t0 = BaseTimeNs;
        for (int i = 0; i < 12; i++)
        {
            journal.Publish(Clock(t0 + (i * 1_000 * Ms)));
        }

        journal.EndBatch();
        const long liveOrigin = 5;
        const long firstEnd = 8;
        long last = journal.LastSequence;
        DerivedEngineFactory window = (sink, _) => [new CountingSignalEngine(sink, windowDepth: 0)];
        DerivedEngineFactory fullHistory = (sink, _) => [new CountingSignalEngine(sink, windowDepth: -1)];
        var source = new DerivedCatchUpSource(journal.Source, window, DerivedEventKind.Signal, liveOrigin, liveReplayStart: liveOrigin, fullHistory);

        // Each row: which set, the event it came from and how many events that set had seen by then.
        List<string> first = CatchUp(source, liveOrigin, firstEnd, out long firstRead);
        Assert.Equal(firstEnd + 1, firstRead);
        Assert.Equal(
            [.. Enumerable.Range((int)liveOrigin, (int)(firstEnd - liveOrigin + 1)).SelectMany(seq => new[] { $"window {seq} saw {seq - liveOrigin + 1}", $"full {seq} saw {seq + 1}" })],
            first.Select(Counted));

        List<string> second = CatchUp(source, firstEnd + 1, last, out long secondRead);
        Assert.Equal(last - firstEnd, secondRead);
        Assert.Equal(
            [.. Enumerable.Range((int)firstEnd + 1, (int)(last - firstEnd)).SelectMany(seq => new[] { $"window {seq} saw {seq - liveOrigin + 1}", $"full {seq} saw {seq + 1}" })],
            second.Select(Counted));
    }

    private static string Counted(string row)
    {
        string[] parts = row.Split(' ');
        return $"{(parts[1] == "Flat" ? "window" : "full")} {parts[5]} saw {parts[7]}";
    }

    private static List<string> CatchUp(DerivedCatchUpSource source, long from, long to) => CatchUp(source, from, to, out _);

    private static List<string> CatchUp(DerivedCatchUpSource source, long from, long to, out long eventsRead)
    {
        var rows = new List<string>();
        var batch = new RowBatch<DerivedEvent>(2);
        batch.Reset(from);
        eventsRead = source.Read(
            from,
            to,
            batch,
            b =>
            {
                for (int i = 0; i < b.Count; i++)
                {
                    rows.Add(Describe(in b.Rows[i]));
                }

                b.Reset(b.LastSequence + 1);
            },
            CancellationToken.None);
        return rows;
    }

    /// <summary>Every derived row of the whole journal replayed through fresh engines whose source is at or after <paramref name="from"/>.</summary>
    private static Dictionary<DerivedEventKind, List<string>> FullReplay(TestJournal journal, long from)
    {
        var rows = new Dictionary<DerivedEventKind, List<string>> { [DerivedEventKind.Signal] = [], [DerivedEventKind.Bar] = [], [DerivedEventKind.BookMetrics] = [] };
        var buffer = new DerivedEventBuffer();
        var slabs = new DepthSlabPool(1);
        IReadOnlyList<IEventHandler<MarketEvent>> engines = s_engines(buffer, slabs);
        using var cursor = journal.Source.Open(0, long.MaxValue, slabs);
        while (cursor.MoveNext())
        {
            foreach (IEventHandler<MarketEvent> engine in engines)
            {
                MarketEvent copy = cursor.Current;
                engine.OnEvent(ref copy, cursor.Current.Header.Sequence, endOfBatch: false);
            }

            foreach (ref readonly DerivedEvent d in buffer.Events)
            {
                if (d.Header.SourceSequence >= from)
                {
                    rows[d.Header.Kind].Add(Describe(in d));
                }
            }

            buffer.Clear();
        }

        return rows;
    }

    private static string Side(string row) => row[..row.IndexOf(" seq", StringComparison.Ordinal)];

    private static string Describe(in DerivedEvent d) => d.Header.Kind switch
    {
        DerivedEventKind.Signal => string.Create(CultureInfo.InvariantCulture, $"Signal {d.Signal.Side} (was {d.Signal.PreviousSide}) seq {d.Header.SourceSequence} imbalance {d.Signal.Imbalance} since {d.Signal.ConditionSinceNs}"),
        DerivedEventKind.Bar => string.Create(CultureInfo.InvariantCulture, $"Bar seq {d.Header.SourceSequence} start {d.Bar.StartTimeNs} tf {d.Bar.TimeframeNs / 1_000_000_000}s open {d.Bar.Open} high {d.Bar.High} low {d.Bar.Low} close {d.Bar.Close} volume {d.Bar.Volume} flags {d.Header.Flags}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{d.Header.Kind} seq {d.Header.SourceSequence} bid {d.Metrics.TotalBidQuantity} ask {d.Metrics.TotalAskQuantity} flags {d.Header.Flags}"),
    };

    /// <summary>Publishes, for every event it reads, a signal whose imbalance is the number of events it has read (Buy marks the full-history set).</summary>
    private sealed class CountingSignalEngine(IDerivedEventSink sink, int windowDepth) : IEventHandler<MarketEvent>
    {
        private long _seen;

        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
        {
            _seen++;
            ref DerivedEvent slot = ref sink.Claim();
            slot.Header.Kind = DerivedEventKind.Signal;
            slot.Header.SourceSequence = sequence;
            slot.Signal.WindowDepth = windowDepth;
            slot.Signal.Side = windowDepth < 0 ? SignalSide.Buy : SignalSide.Flat;
            slot.Signal.Imbalance = _seen;
            sink.Publish();
        }

        public void OnBatchEnd(long lastSequence)
        {
        }

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown()
        {
        }
    }

    /// <summary>A 5-level snapshot with <paramref name="bid"/> and <paramref name="ask"/> quantity on every level.</summary>
    private static MarketEvent Book(long timeNs, long bid, long ask)
    {
        MarketEvent e = Depth(Reliance, timeNs, 10_000, 5);
        for (int i = 0; i < 5; i++)
        {
            e.Depth.Levels[i] = new DepthLevel(10_000 - (5 * (i + 1)), bid, 1);
            e.Depth.Levels[5 + i] = new DepthLevel(10_000 + (5 * (i + 1)), ask, 1);
        }

        return e;
    }
}
