using System.Runtime.ExceptionServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Ring.Processing;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Replay;

/// <summary>
/// <c>llfeed replay --parallel N</c>: the replay split by instrument over N threads. One reading thread reads, checks and
/// decompresses each journal block once and hands it to every worker (<see cref="SharedBlockReader"/>: a fixed ring of
/// decoded blocks, no lock or allocation per block); each worker's cursor decodes only its partition's records
/// (<see cref="JournalQuery.PartitionIndex"/>) and every control and clock event, and runs them through its own bar and
/// book builders: an instrument's events stay in order on one thread, and the workers share nothing but the read-only
/// blocks. Bars and books depend only on their instrument's events and the shared clock and control events, so each
/// worker produces exactly the single-threaded replay's results for its instruments, at the same replayed events.
/// </summary>
/// <remarks>
/// Files are written after the workers finish, from their spools (<see cref="SpoolingDerivedSink"/>), in the canonical
/// order: by the replayed event that produced the row, then by instrument id, each instrument's rows in the order it
/// produced them; the bars flushed at the end come last. That order does not depend on N, so the files of
/// <c>--parallel 1</c>, <c>2</c> and <c>4</c> are byte for byte the same. Journal problems reach every worker (the
/// reader's travel with the next block); they are reported once (the first worker's list, plus any another worker
/// alone met), after the run.
/// </remarks>
internal static class ParallelReplay
{
    public static ReplayResult Run(ReplayOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellation)
    {
        Validate(options);
        long started = MonotonicClock.Timestamp();
        int count = options.Parallelism;
        var slabs = new DepthSlabPool[count];
        for (int i = 0; i < count; i++)
        {
            // Two slabs per worker used in turn: its loop reads one event ahead (see ReplayRunner).
            slabs[i] = new DepthSlabPool(2, ushort.MaxValue);
        }

        var workers = new Worker[count];
        using SharedBlockReader blocks = JournalReader.Open(options.JournalDirectory).ReadPartitioned(
            new JournalQuery
            {
                FromSequence = options.FromSequence ?? long.MinValue,
                FromTimeNs = options.FromTimeNs ?? long.MinValue,
                ToTimeNs = options.ToTimeNs ?? long.MaxValue,
                Instruments = options.Instruments,
            },
            count,
            slabs);
        try
        {
            for (int i = 0; i < count; i++)
            {
                workers[i] = new Worker(options, blocks.Cursor(i), slabs[i], loggerFactory);
            }

            RunAll(workers, options, cancellation);
            return Finish(workers, options, started);
        }
        finally
        {
            foreach (Worker? worker in workers)
            {
                worker?.Dispose();
            }
        }
    }

    private static void Validate(ReplayOptions options)
    {
        if (!options.Speed.IsMax)
        {
            ThrowHelper.ThrowParallelUnsupported("a paced --speed (use max)");
        }

        if (options.DerivedSink is not null || options.AdditionalHandlers is { Count: > 0 } || options.BookSnapshots is not null)
        {
            ThrowHelper.ThrowParallelUnsupported("a derived sink, extra consumers or a book snapshot board");
        }

        if (options.Indicators is { Indicators.Count: > 0 })
        {
            ThrowHelper.ThrowParallelUnsupported("indicators (--indicators-out or a config with Processing:Indicators)");
        }
    }

    private static void RunAll(Worker[] workers, ReplayOptions options, CancellationToken cancellation)
    {
        var threads = new Thread[workers.Length];
        for (int i = 0; i < workers.Length; i++)
        {
            Worker worker = workers[i];
            threads[i] = new Thread(() => worker.Run(options, cancellation))
            {
                IsBackground = true,
                Name = "llfeed-replay-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            threads[i].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        foreach (Worker worker in workers)
        {
            worker.Failure?.Throw();
        }
    }

    private static ReplayResult Finish(Worker[] workers, ReplayOptions options, long started)
    {
        long events = workers[0].Loop.SharedEvents;
        long lastSequence = -1;
        int last = 0;
        bool cancelled = false;
        for (int i = 0; i < workers.Length; i++)
        {
            ReplayLoop loop = workers[i].Loop;
            events += loop.Events - loop.SharedEvents;
            cancelled |= loop.Cancelled;
            if (loop.LastSequence > lastSequence)
            {
                lastSequence = loop.LastSequence;
                last = i;
            }
        }

        EventHeader lastHeader = workers[last].Loop.LastHeader;
        foreach (Worker worker in workers)
        {
            if (options.FlushOpenBarsAtEnd && events > 0)
            {
                worker.Loop.FlushOpenBars(in lastHeader);
            }

            worker.Loop.Shutdown();
        }

        (List<JournalIssue> issues, long issueCount) = MergeIssues(workers);
        if (options.OnIssue is { } onIssue)
        {
            foreach (JournalIssue issue in issues)
            {
                onIssue(issue);
            }
        }

        WriteFiles(workers, options);
        long bars = 0;
        long metrics = 0;
        long signals = 0;
        foreach (Worker worker in workers)
        {
            bars += worker.Sink.Bars;
            metrics += worker.Sink.MetricsSamples;
            signals += worker.Sink.Signals;
        }

        return new ReplayResult
        {
            Events = events,
            LastSequence = lastSequence,
            Bars = bars,
            MetricsSamples = metrics,
            Signals = signals,
            Issues = issues,
            IssueCount = issueCount,
            Cancelled = cancelled,
            Elapsed = TimeSpan.FromTicks(MonotonicClock.ElapsedNanoseconds(started, MonotonicClock.Timestamp()) / 100),
        };
    }

    /// <summary>Every worker takes every block, so each met the same block and segment problems: keep them once.</summary>
    private static (List<JournalIssue> Issues, long Count) MergeIssues(Worker[] workers)
    {
        JournalCursor first = workers[0].Cursor;
        var issues = new List<JournalIssue>(first.Issues);
        var seen = new HashSet<JournalIssue>(first.Issues);
        long count = first.IssueCount;
        for (int i = 1; i < workers.Length; i++)
        {
            foreach (JournalIssue issue in workers[i].Cursor.Issues)
            {
                if (seen.Add(issue))
                {
                    issues.Add(issue);
                    count++;
                }
            }
        }

        return (issues, count);
    }

    /// <summary>Merges the workers' spools into the files in the canonical order (see the remarks on <see cref="ParallelReplay"/>).</summary>
    private static void WriteFiles(Worker[] workers, ReplayOptions options)
    {
        if (options.BarsOutFile is null && options.MetricsOutFile is null)
        {
            return;
        }

        using var files = new ReplayDerivedSink(options);
        foreach (Worker worker in workers)
        {
            worker.Sink.Rewind();
        }

        var group = new CanonicalGroup();
        while (true)
        {
            bool any = false;
            long step = long.MaxValue;
            foreach (Worker worker in workers)
            {
                if (worker.Sink.HasCurrent)
                {
                    any = true;
                    step = Math.Min(step, worker.Sink.Current.Step);
                }
            }

            if (!any)
            {
                return;
            }

            group.Clear();
            foreach (Worker worker in workers)
            {
                SpoolingDerivedSink spool = worker.Sink;
                while (spool.HasCurrent && spool.Current.Step == step)
                {
                    group.Add(in spool.Current.Event);
                    spool.Advance();
                }
            }

            group.SortByInstrument();
            for (int i = 0; i < group.Count; i++)
            {
                files.Claim() = group[i];
                files.Publish();
            }
        }
    }

    /// <summary>One worker: its partition's cursor, builders, spool and the loop that drives them.</summary>
    private sealed class Worker : IDisposable
    {
        public Worker(ReplayOptions options, JournalCursor cursor, DepthSlabPool slabs, ILoggerFactory? loggerFactory)
        {
            Cursor = cursor;
            Sink = new SpoolingDerivedSink(null, options.BarsOutFile is not null, options.MetricsOutFile is not null);
            var bars = new BarBuilderHandler(options.Bars, Sink, loggerFactory?.CreateLogger<BarAggregator>());
            var books = new BookBuilderHandler(options.Books, options.Signals, Sink, slabs, loggerFactory?.CreateLogger<BookBuilder>());
            Loop = new ReplayLoop(bars, books, Array.Empty<IEventHandler<MarketEvent>>(), indicators: null, Sink);
        }

        public JournalCursor Cursor { get; }

        public SpoolingDerivedSink Sink { get; }

        public ReplayLoop Loop { get; }

        public ExceptionDispatchInfo? Failure { get; private set; }

        public void Run(ReplayOptions options, CancellationToken cancellation)
        {
            try
            {
                Loop.Run(Cursor, options, pacer: null, cancellation);
            }
            catch (Exception exception)
            {
                // Rethrown on the calling thread once every worker has stopped.
                Failure = ExceptionDispatchInfo.Capture(exception);
            }
            finally
            {
                // Finished, cancelled or failed: the shared reader must not wait for this worker any more.
                Cursor.Dispose();
            }
        }

        public void Dispose()
        {
            Cursor.Dispose();
            Sink.Dispose();
        }
    }
}
