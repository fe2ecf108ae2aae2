using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.CatchUp;
using LowLatencyFeed.Storage.Diagnostics;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Storage;

/// <summary>
/// The storage stage, wired: the two stager handlers to put on the rings, and one writer thread per table that COPYs
/// batches, keeps checkpoints and catches up from the journal. Typical host use:
/// <code>
/// StorageService.Migrate(connectionString);                    // or `llfeed migrate`
/// var storage = new StorageService(connectionString, new JournalSource(dir, () =&gt; journal.LastWrittenSequence),
///                                  liveStartSequence: journal.LastSequence + 1, options, engines, slabs, logger);
/// ingress.HandleEventsWith(journalHandler, bars, books).Then(storage.MarketHandler);
/// derivedRing.HandleEventsWith(storage.DerivedHandler);
/// storage.Start(); … pipeline.Shutdown(); storage.Stop(TimeSpan.FromSeconds(10));
/// </code>
/// </summary>
public sealed class StorageService : IDisposable
{
    private readonly ITableWriter[] _writers;
    private bool _started;
    private bool _stopped;

    /// <summary>Builds the stage (allocates every batch pool; connects only when started).</summary>
    /// <param name="connectionString">Npgsql connection string (see <see cref="Connection.ConnectionStringResolver"/>).</param>
    /// <param name="journal">Where catch-up reads.</param>
    /// <param name="liveStartSequence">First journal sequence of this run's ring (journal's last sequence + 1 at start).</param>
    /// <param name="options">Batching and retry settings; null for the defaults.</param>
    /// <param name="derivedEngines">Builds processing engines for rebuilding derived rows; null skips derived gaps with a warning.</param>
    /// <param name="depthSlabs">The ingress ring's depth slab pool (deep books); null when all depth is inline.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="liveReplayStartSequence">
    /// The first journal sequence the live processing engines were warmed up with before the ring started (the host's
    /// warm-up from <see cref="ProcessingReplayWindow"/>); null when they started empty at <paramref name="liveStartSequence"/>.
    /// A derived catch-up inside this run replays from there, so it rebuilds exactly the live engines' rows.
    /// </param>
    /// <param name="fullHistorySignalEngines">
    /// Builds engines that publish signals from the whole journal's state (the model scoring stage, whose features the
    /// host seeds from the journal's start as it does the indicators); null when there are none. The signals table's
    /// catch-up runs them from the journal's start beside <paramref name="derivedEngines"/>, so signals scored while
    /// the database was away are rebuilt with the values the live stage computed.
    /// </param>
    public StorageService(
        string connectionString,
        JournalSource journal,
        long liveStartSequence,
        StorageOptions? options = null,
        DerivedEngineFactory? derivedEngines = null,
        DepthSlabPool? depthSlabs = null,
        ILogger? logger = null,
        long? liveReplayStartSequence = null,
        DerivedEngineFactory? fullHistorySignalEngines = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(journal);
        options ??= new StorageOptions();
        logger ??= NullLogger.Instance;
        Options = options;
        Stats = new IngestionStats();
        Instruments = new InstrumentRegistry();
        Channels = new StorageChannels(options);
        MarketHandler = new DbStagerHandler(Channels, Stats, Instruments, depthSlabs);
        DerivedHandler = new DerivedStagerHandler(Channels, Stats, liveStartSequence);
        LiveStartSequence = liveStartSequence;

        ICatchUpSource<DerivedEvent> Derived(DerivedEventKind kind, StorageStream stream) => derivedEngines is null
            ? new NoDerivedCatchUpSource(journal, stream, logger)
            : new DerivedCatchUpSource(
                journal,
                derivedEngines,
                kind,
                liveStartSequence,
                liveReplayStartSequence ?? liveStartSequence,
                kind == DerivedEventKind.Signal ? fullHistorySignalEngines : null);

        _writers =
        [
            new TableWriter<TickRow, TickFormat>(Channels.Ticks, MarketCatchUp.Ticks(journal, StorageStream.Ticks), connectionString, Instruments, options, Stats, logger, liveStartSequence),
            new TableWriter<TickRow, TradeFormat>(Channels.Trades, MarketCatchUp.Ticks(journal, StorageStream.Trades), connectionString, Instruments, options, Stats, logger, liveStartSequence),
            new TableWriter<QuoteRow, QuoteFormat>(Channels.Quotes, MarketCatchUp.Quotes(journal), connectionString, Instruments, options, Stats, logger, liveStartSequence),
            new TableWriter<DepthRow, DepthFormat>(Channels.Depth, MarketCatchUp.Depth(journal), connectionString, Instruments, options, Stats, logger, liveStartSequence),
            new TableWriter<DerivedEvent, BarFormat>(Channels.Bars, Derived(DerivedEventKind.Bar, StorageStream.Bars), connectionString, null, options, Stats, logger, liveStartSequence),
            new TableWriter<DerivedEvent, BookMetricsFormat>(Channels.BookMetrics, Derived(DerivedEventKind.BookMetrics, StorageStream.BookMetrics), connectionString, null, options, Stats, logger, liveStartSequence),
            new TableWriter<DerivedEvent, SignalFormat>(Channels.Signals, Derived(DerivedEventKind.Signal, StorageStream.Signals), connectionString, null, options, Stats, logger, liveStartSequence),
            new TableWriter<DerivedEvent, IndicatorFormat>(Channels.Indicators, Derived(DerivedEventKind.Indicator, StorageStream.Indicators), connectionString, null, options, Stats, logger, liveStartSequence),
        ];
    }

    /// <summary>Settings in force.</summary>
    public StorageOptions Options { get; }

    /// <summary>Counters per table.</summary>
    public IngestionStats Stats { get; }

    /// <summary>Instruments to upsert (the host may register symbols here).</summary>
    public InstrumentRegistry Instruments { get; }

    /// <summary>The batch handoffs (for diagnostics).</summary>
    public StorageChannels Channels { get; }

    /// <summary>The ingress-ring consumer (run it after the journal writer, bar builder and book builder).</summary>
    public DbStagerHandler MarketHandler { get; }

    /// <summary>The derived-ring consumer.</summary>
    public DerivedStagerHandler DerivedHandler { get; }

    /// <summary>First journal sequence of this run.</summary>
    public long LiveStartSequence { get; }

    /// <summary>Applies the migrations (also what <c>llfeed migrate</c> runs).</summary>
    public static MigrationResult Migrate(string connectionString, MigratorOptions? options = null, ILogger? logger = null) =>
        new Migrator(connectionString, options, logger).Migrate();

    /// <summary>Starts the writer threads (they connect, catch up from their checkpoints, then write live batches).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        if (_started)
        {
            return;
        }

        _started = true;
        foreach (ITableWriter writer in _writers)
        {
            writer.Start();
        }
    }

    /// <summary>
    /// Stops the writers after they commit what is queued (call after the ring pipeline has shut down, so the stagers
    /// have handed their last batches), waiting at most <paramref name="drainTimeout"/>. Anything not committed by then
    /// stays in the journal and is caught up at the next start.
    /// </summary>
    public void Stop(TimeSpan drainTimeout)
    {
        if (!_started || _stopped)
        {
            _stopped = true;
            return;
        }

        _stopped = true;
        DateTime deadline = DateTime.UtcNow + drainTimeout;
        foreach (ITableWriter writer in _writers)
        {
            writer.RequestStop(deadline);
        }

        foreach (ITableWriter writer in _writers)
        {
            writer.Join(drainTimeout + TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>
    /// True when the writer of <paramref name="stream"/> last looked and found nothing to write or catch up: no batch
    /// queued, no dropped range or repair outstanding. False while it catches up, retries, or before it first looked.
    /// A stop then only has the batches handed since to write (what a clean stop's drain is sized for).
    /// </summary>
    public bool IsIdle(StorageStream stream)
    {
        foreach (ITableWriter writer in _writers)
        {
            if (writer.Stream == stream)
            {
                return writer.IsIdle;
            }
        }

        return false;
    }

    /// <summary>Stops with a 10 s drain.</summary>
    public void Dispose() => Stop(TimeSpan.FromSeconds(10));

    internal IReadOnlyList<ITableWriter> Writers => _writers;
}
