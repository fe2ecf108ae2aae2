using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.Processing.Signals;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Replay;

/// <summary>
/// What <c>llfeed replay</c> does: which events, how fast, through which consumer settings, and where the results go.
/// Use the same <see cref="Bars"/>, <see cref="Books"/> and <see cref="Signals"/> as the live run to get its results.
/// </summary>
public sealed class ReplayOptions
{
    /// <summary>The journal directory (<c>--journal</c>).</summary>
    public required string JournalDirectory { get; init; }

    /// <summary>Earliest event time replayed, Unix ns (<c>--from</c>); null: from the start.</summary>
    public long? FromTimeNs { get; init; }

    /// <summary>Event time bound, exclusive, Unix ns (<c>--to</c>); null: to the end.</summary>
    public long? ToTimeNs { get; init; }

    /// <summary>First journal sequence replayed (database catch-up resumes from its checkpoint + 1); null: from the start.</summary>
    public long? FromSequence { get; init; }

    /// <summary>Instruments replayed (<c>--instruments</c>); null or empty: all. Control and clock events always pass.</summary>
    public IReadOnlyCollection<InstrumentId>? Instruments { get; init; }

    /// <summary>Pace (<c>--speed</c>); default <see cref="ReplaySpeed.Max"/>.</summary>
    public ReplaySpeed Speed { get; init; } = ReplaySpeed.Max;

    /// <summary>Timestamp that paces 1x/Nx replays.</summary>
    public ReplayPacingClock PacingClock { get; init; } = ReplayPacingClock.ReceiveTime;

    /// <summary>File for the bars (<c>--out</c>): one row per bar published; null: not written.</summary>
    public string? BarsOutFile { get; init; }

    /// <summary>File for the book metric samples (<c>--metrics-out</c>); null: not written.</summary>
    public string? MetricsOutFile { get; init; }

    /// <summary>File for the indicator values (<c>--indicators-out</c>); null: not written. Needs <see cref="Indicators"/>.</summary>
    public string? IndicatorsOutFile { get; init; }

    /// <summary>
    /// Indicators computed on the replayed bars (the live run's, for identical values; seeded from the journal before
    /// the range); null or empty: none.
    /// </summary>
    public IndicatorOptions? Indicators { get; init; }

    /// <summary>Format of the files (<c>--format</c>).</summary>
    public ReplayOutputFormat Format { get; init; } = ReplayOutputFormat.Csv;

    /// <summary>Bar builder settings (the live run's, for identical bars).</summary>
    public BarOptions Bars { get; init; } = new();

    /// <summary>Book builder settings (the live run's, for identical metrics).</summary>
    public BookOptions Books { get; init; } = new();

    /// <summary>Imbalance signal rule; null: no signals.</summary>
    public SignalOptions? Signals { get; init; }

    /// <summary>
    /// Publish the bars still open when the replay ends, flagged Partial. Off by default: live leaves open bars
    /// unpublished at shutdown, and a replay that should match live must do the same.
    /// </summary>
    public bool FlushOpenBarsAtEnd { get; init; }

    /// <summary>Set <see cref="EventFlags.Replayed"/> on every event handed to the consumers (they do not change output for it).</summary>
    public bool MarkReplayed { get; init; } = true;

    /// <summary>The board the replay's book builder publishes its books to at every batch end (null: none), as the live book stage does.</summary>
    public BookSnapshotBoard? BookSnapshots { get; init; }

    /// <summary>Also receives every derived event (bars, metrics, signals): the host plugs the database writer in here.</summary>
    public IDerivedEventSink? DerivedSink { get; init; }

    /// <summary>More consumers of the replayed market events (e.g. the database stager), called after the bar and book builders.</summary>
    public IReadOnlyList<IEventHandler<MarketEvent>>? AdditionalHandlers { get; init; }

    /// <summary>Called for each journal problem met (damaged block, missing segment...); the replay continues past it.</summary>
    public Action<JournalIssue>? OnIssue { get; init; }

    /// <summary>
    /// Workers of a parallel replay (<c>--parallel N</c>); 0 (default): the single-threaded replay. With N ≥ 1 the
    /// journal is split by instrument (<see cref="JournalQuery.PartitionOf"/>) over N threads, each with its own bar and
    /// book builders; every worker sees all control and clock events. The files are then written in the canonical order
    /// (by replayed event, then instrument id, each instrument's rows as it produced them), which is the same for every
    /// N. Needs <see cref="ReplaySpeed.Max"/> and no <see cref="DerivedSink"/>, <see cref="AdditionalHandlers"/>,
    /// <see cref="BookSnapshots"/> or <see cref="Indicators"/>; <see cref="OnIssue"/> is called after the workers finish.
    /// </summary>
    public int Parallelism { get; init; }

    /// <summary>Events per consumer batch (endOfBatch is signalled at its end). 1024: amortises batch work like a busy live ring.</summary>
    public int BatchSize { get; init; } = 1024;
}
