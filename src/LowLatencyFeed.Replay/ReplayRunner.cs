using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Ring.Processing;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Replay;

/// <summary>
/// <c>llfeed replay</c>: reads the journal and runs its events through the same bar and book consumers as live
/// (<see cref="BarBuilderHandler"/>, <see cref="BookBuilderHandler"/>), writing bars and metric samples to files and/or
/// the host's sink. Both consumers depend only on the events and their order, so with the live run's options a full
/// replay reproduces the live bars and metrics exactly.
/// </summary>
/// <remarks>
/// The consumers run on the replay thread one after the other for each event — no ring: the reader is the only
/// producer, and calling them directly keeps replay deterministic and allocation-free at <c>--speed max</c>.
/// Slab depth comes back through two reader-owned slabs used in turn, each valid while its event is being handled.
/// With <see cref="ReplayOptions.Parallelism"/> the replay is split by instrument over worker threads
/// (<see cref="ParallelReplay"/>).
/// </remarks>
public static class ReplayRunner
{
    /// <summary>Runs the replay on a dedicated thread.</summary>
    public static Task<ReplayResult> RunAsync(ReplayOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellation = default)
        => Task.Factory.StartNew(() => Run(options, loggerFactory, cancellation), cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Runs the replay on the calling thread.</summary>
    /// <exception cref="DirectoryNotFoundException">The journal directory does not exist.</exception>
    public static ReplayResult Run(ReplayOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize <= 0)
        {
            ThrowHelper.ThrowBatchSizeNotPositive(options.BatchSize);
        }

        if (options.Parallelism > 0)
        {
            return ParallelReplay.Run(options, loggerFactory, cancellation);
        }

        // Two slabs used in turn: the loop reads one event ahead (to know the end of a batch), so the slab of the event
        // being handled must survive the next read. No gate: nothing else holds slabs.
        var slabs = new DepthSlabPool(2, ushort.MaxValue);
        var reader = JournalReader.Open(options.JournalDirectory, new JournalReaderOptions { OnIssue = options.OnIssue, DepthSlabs = slabs });
        var query = new JournalQuery
        {
            FromSequence = options.FromSequence ?? long.MinValue,
            FromTimeNs = options.FromTimeNs ?? long.MinValue,
            ToTimeNs = options.ToTimeNs ?? long.MaxValue,
            Instruments = options.Instruments,
        };

        using var sink = new ReplayDerivedSink(options);
        var bars = new BarBuilderHandler(options.Bars, sink, loggerFactory?.CreateLogger<BarAggregator>());
        var books = new BookBuilderHandler(options.Books, options.Signals, sink, slabs, loggerFactory?.CreateLogger<BookBuilder>());
        if (options.BookSnapshots is not null)
        {
            books.Builder.AttachSnapshots(options.BookSnapshots);
        }

        IReadOnlyList<IEventHandler<MarketEvent>> extra = options.AdditionalHandlers ?? Array.Empty<IEventHandler<MarketEvent>>();
        using IndicatorReplay? indicators = options.Indicators is { Indicators.Count: > 0 } ? new IndicatorReplay(options, sink) : null;
        ReplayPacer? pacer = options.Speed.IsMax ? null : new ReplayPacer(options.Speed, options.PacingClock);

        long started = MonotonicClock.Timestamp();
        var loop = new ReplayLoop(bars, books, extra, indicators, spool: null);
        using (JournalCursor cursor = reader.Read(query))
        {
            loop.Run(cursor, options, pacer, cancellation);
            if (options.FlushOpenBarsAtEnd && loop.Events > 0)
            {
                loop.FlushOpenBars(in loop.LastHeader);
            }

            loop.Shutdown();
            return new ReplayResult
            {
                Events = loop.Events,
                LastSequence = loop.LastSequence,
                Bars = sink.Bars,
                MetricsSamples = sink.MetricsSamples,
                Signals = sink.Signals,
                Indicators = sink.Indicators,
                Issues = cursor.Issues.ToArray(),
                IssueCount = cursor.IssueCount,
                Cancelled = loop.Cancelled,
                Elapsed = TimeSpan.FromTicks(MonotonicClock.ElapsedNanoseconds(started, MonotonicClock.Timestamp()) / 100),
            };
        }
    }
}
