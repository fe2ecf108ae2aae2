using System.Diagnostics;
using LowLatencyFeed.Bus.Publishing;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Research.Scoring;
using LowLatencyFeed.Host.Streaming;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Journal.Retention;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;
using LowLatencyFeed.Storage;
using LowLatencyFeed.Storage.CatchUp;
using LowLatencyFeed.Storage.Staging;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// The live pipeline: feed sessions and the clock publish into the ingress ring; the journal writer, bar builder and
/// book builder consume in parallel; the database stager runs after all three (so a row is staged only once its event
/// is journaled and its bars and books are updated). Bars and books publish derived events into a second ring.
/// </summary>
public sealed partial class FeedEngine : IAsyncDisposable
{
    private readonly EngineSettings _settings;
    private IFeedRunner[] _feeds;
    private readonly ILogger _logger;
    private readonly MonotonicClock _clock;
    private readonly ClockPublisher _clockPublisher;
    private readonly List<Task> _feedTasks = [];
    private readonly CancellationTokenSource _stopFeeds = new();
    private readonly List<StageInfo> _stages = [];
    private readonly JournalRetention? _retention;
    private int _stopped;

    /// <summary>Builds the ring and the consumer graph; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="settings">Ring, pinning, processing, journal.</param>
    /// <param name="createFeeds">Builds the feed sessions (given the engine's depth slab pool).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="connectionString">A migrated database to write to; null runs journal-only (the stager stages stand in).</param>
    /// <param name="clock">Receive and clock-event timestamps.</param>
    public FeedEngine(EngineSettings settings, Func<DepthSlabPool, IReadOnlyList<IFeedRunner>> createFeeds, ILoggerFactory loggerFactory, string? connectionString = null, MonotonicClock? clock = null)
    {
        _settings = settings;
        _logger = loggerFactory.CreateLogger<FeedEngine>();
        _clock = clock ?? MonotonicClock.Shared;
        Directory.CreateDirectory(settings.DataDirectory);

        // Depth beyond the 10 inline levels (Dhan 20/200, Kotak full depth, large Binance diffs) lives in slabs that a
        // producer may reuse only after every consumer of the ingress ring has passed the event referencing them.
        DepthSlabs = new DepthSlabPool(DepthSlabCount, gate: () => Ring!.GetMinimumGatingSequence());

        // The journal recovers first (cutting a torn tail); the ring then starts right after its last sequence, so a
        // ring sequence is the journal sequence and every later stage can name an event by it.
        Journal = JournalWriter.Open(settings.Journal.ToWriterOptions(settings.JournalDirectory), DepthSlabs, loggerFactory.CreateLogger<JournalWriter>());
        var retention = settings.Journal.ToRetentionOptions();
        _retention = retention is null ? null : JournalRetention.ForWriter(Journal, retention, logger: loggerFactory.CreateLogger<JournalRetention>());

        var wait = WaitStrategies.Create(settings.Ring.WaitStrategy);
        Ring = RingBuffer<MarketEvent>.CreateMultiProducer(settings.Ring.Capacity, wait, initialSequence: Journal.LastSequence);
        Pipeline = new Pipeline<MarketEvent>(Ring, loggerFactory);

        // Derived events (closed bars, book metrics, signals) get their own ring: bars and books publish into it from
        // their consumer threads, the storage stage and subscribers read it.
        // Blocking with a timeout: derived events are few, and the storage stage flushes aged batches on timeouts.
        DerivedRing = RingBuffer<DerivedEvent>.CreateMultiProducer(DerivedCapacity, new BlockingWaitStrategy(TimeSpan.FromMilliseconds(100)));
        DerivedPipeline = new Pipeline<DerivedEvent>(DerivedRing, loggerFactory);
        var barsSink = new WarmUpDerivedEventSink(new RingDerivedEventSink(DerivedRing));
        var booksSink = new WarmUpDerivedEventSink(new RingDerivedEventSink(DerivedRing));
        IndicatorOptions? indicatorOptions = settings.Processing.HasIndicators ? settings.Processing.ToIndicatorOptions() : null;

        // Indicators ride on the bar stage: their values follow each closed bar into the derived ring.
        IndicatorStageSink? indicatorStage = indicatorOptions is null
            ? null
            : IndicatorStageSink.Create(barsSink, indicatorOptions, settings.SessionResolver, loggerFactory.CreateLogger<IndicatorEngine>());
        Indicators = indicatorStage?.Engine;
        if (Indicators is not null)
        {
            IndicatorBoard = new IndicatorBoard(Indicators.Specs);
            Indicators.AttachBoard(IndicatorBoard);
        }

        Bars = new BarBuilderHandler(settings.BarOptions(), indicatorStage ?? (IDerivedEventSink)barsSink, loggerFactory.CreateLogger<BarBuilderHandler>());
        Books = new BookBuilderHandler(settings.Processing.ToBookOptions(), settings.Processing.ToSignalOptions(), booksSink, DepthSlabs, loggerFactory.CreateLogger<BookBuilderHandler>());
        OpenBars = new OpenBarBoard([.. Bars.Aggregator.Options.Timeframes.Select(timeframe => timeframe.Span)]);
        Bars.Aggregator.AttachOpenBars(OpenBars);
        BookSnapshots = new BookSnapshotBoard(Books.Builder.Options.MaxLevels);
        Books.Builder.AttachSnapshots(BookSnapshots);

        // The live engines continue from the journal's state (open bars, books, signal windows), not from empty: their
        // derived rows after a restart then equal a replay of the whole journal (see ProcessingWarmUp).
        if (Indicators is not null)
        {
            // With a database, its bars (backfilled ones too) come first; the journal then adds the bars not stored yet.
            if (connectionString is not null)
            {
                try
                {
                    long stored = IndicatorDatabaseWarmUp.Run(connectionString, Journal.LastSequence, Indicators, settings.InstrumentDecimals);
                    _logger.LogInformation("Indicators seeded from {Bars} stored bars (live and backfilled)", stored);
                }
                catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    _logger.LogWarning("Indicators not seeded from the database ({Reason}): from the journal only", exception.Message);
                }
            }

            long seeded = IndicatorWarmUp.Run(settings.JournalDirectory, Journal.LastSequence, settings.BarOptions(), Indicators, barsSink);
            _logger.LogInformation("Indicators seeded from {Bars} bars in all, with the whole journal ({Events} events)", Indicators.Bars, seeded);
        }

        long warmed = ProcessingWarmUp.Run(settings.JournalDirectory, Journal.LastSequence, DepthSlabs, [Bars, Books], out long warmedFrom);
        barsSink.GoLive();
        booksSink.GoLive();
        if (warmed > 0)
        {
            _logger.LogInformation("Processing engines warmed up from {Events} journaled events (up to sequence {Sequence})", warmed, Journal.LastSequence);
        }

        Scoring = CreateScoringStage(settings);

        if (connectionString is not null)
        {
            var barOptions = settings.BarOptions();
            var bookOptions = settings.Processing.ToBookOptions();
            var signalOptions = settings.Processing.ToSignalOptions();
            Storage = new StorageService(
                connectionString,
                new JournalSource(settings.JournalDirectory, () => Journal.LastWrittenSequence),
                Journal.LastSequence + 1,
                settings.Database.ToStorageOptions(),
                (sink, slabs) => [
                    new BarBuilderHandler(barOptions, indicatorOptions is null ? sink : IndicatorStageSink.Create(sink, indicatorOptions, settings.SessionResolver)),
                    new BookBuilderHandler(bookOptions, signalOptions, sink, slabs)],
                DepthSlabs,
                loggerFactory.CreateLogger<StorageService>(),
                liveReplayStartSequence: warmedFrom,
                fullHistorySignalEngines: ScoringCatchUpEngines(settings));
        }

        var journal = Pipeline.Handler(new JournalWriterHandler(Journal), Options("journal"));
        var bars = Pipeline.Handler(Bars, Options("bars"));
        var books = Pipeline.Handler(Books, Options("books"));
        var stager = (Storage, settings.LastStageProbe) switch
        {
            (null, null) => Pipeline.Handler(new CountingStage(), Options("db-stager")),
            (null, { } probe) => Pipeline.Handler(new ProbedStage<CountingStage>(new CountingStage(), probe), Options("db-stager")),
            ({ } storage, null) => Pipeline.Handler(storage.MarketHandler, Options("db-stager")),
            ({ } storage, { } probe) => Pipeline.Handler(new ProbedStage<DbStagerHandler>(storage.MarketHandler, probe), Options("db-stager")),
        };
        var journalStage = Pipeline.HandleEventsWith(journal);
        journalStage.And(Pipeline.HandleEventsWith(bars, books)).Then(stager);
        // The stream stage reads journaled events only, so a replayed range and the live stream agree.
        Stream = new StreamHub(settings.Stream);
        journalStage.Then(Pipeline.Handler(Stream, Options("stream")));
        Bus = BusStage.Create(settings, Journal, DepthSlabs, loggerFactory);
        if (Bus is not null)
        {
            // After the journal only: a batch it drops is read back from the journal.
            journalStage.Then(Pipeline.Handler(Bus.Handler, Options("bus")));
        }
        if (Scoring is not null)
        {
            // After the journal: it reads depth slabs like the stream, and its signals follow journaled events only.
            journalStage.Then(Pipeline.Handler(Scoring, Options("scoring")));
        }

        // The derived stream stage reads the derived ring beside the stager, never waiting for either.
        DerivedStream = new DerivedStreamHub(Stream, DerivedStreamChannels.Create(Bars.Aggregator.Options.Timeframes.Select(timeframe => timeframe.Span).ToArray()));
        DerivedPipeline.HandleEventsWith(
            Storage is null
                ? DerivedPipeline.Handler(new DerivedCountingStage(), Options("derived-stager"))
                : DerivedPipeline.Handler(Storage.DerivedHandler, Options("derived-stager")),
            DerivedPipeline.Handler(DerivedStream, Options("derived-stream")));

        var processors = Pipeline.Consumers;
        AddStage("journal", isStandIn: false, processors, 0);
        AddStage("bars", isStandIn: false, processors, 1);
        AddStage("books", isStandIn: false, processors, 2);
        AddStage("db-stager", isStandIn: Storage is null, processors, 3);
        AddStage("stream", isStandIn: false, processors, 4);
        if (Bus is not null)
        {
            AddStage("bus", isStandIn: false, processors, 5);
        }

        if (Scoring is not null)
        {
            AddStage("scoring", isStandIn: false, processors, Bus is null ? 5 : 6);
        }

        Debug.Assert(processors.Count == _stages.Count, "every ingress consumer is reported as a stage");
        var derivedStager = DerivedPipeline.Consumers[0];
        var derivedStream = DerivedPipeline.Consumers[1];
        Debug.Assert(derivedStager.Name == "derived-stager" && derivedStream.Name == "derived-stream", "the derived ring has the stager and the derived stream as its consumers");
        _stages.Add(new StageInfo("derived-stager", IsStandIn: Storage is null, derivedStager, () => DerivedPipeline.Lag(derivedStager)));
        _stages.Add(new StageInfo("derived-stream", IsStandIn: false, derivedStream, () => DerivedPipeline.Lag(derivedStream)));

        _clockPublisher = new ClockPublisher(Ring, _clock, settings.ClockInterval);
        _feeds = [.. createFeeds(DepthSlabs)];
        foreach (var feed in _feeds)
        {
            (feed as IJournalFollower)?.FollowJournal(Journal);
        }
    }

    /// <summary>The live stream stage (fan-out to <c>/api/stream</c> clients).</summary>
    public StreamHub Stream { get; }

    /// <summary>The derived stream stage (bars, book metrics and signals to <c>/api/stream</c> clients).</summary>
    public DerivedStreamHub DerivedStream { get; }

    /// <summary>The settings the engine was built with.</summary>
    public EngineSettings Settings => _settings;

    /// <summary>The bus stage; null when <c>Bus:Enabled</c> is false.</summary>
    public BusPublisherService? Bus { get; }

    /// <summary>Slots of the derived-event ring: bars and metrics are far fewer than raw events.</summary>
    public const int DerivedCapacity = 1 << 14;

    /// <summary>The database stage's writers and statistics; null when running journal-only.</summary>
    public StorageService? Storage { get; }

    /// <summary>The journal writer (run by the journal stage).</summary>
    public JournalWriter Journal { get; }

    /// <summary>Depth slabs: 2048 × (200 + 200) levels × 20 B = 16 MiB, enough for the consumers to lag 2048 deep-book events.</summary>
    public const int DepthSlabCount = 2048;

    /// <summary>Deep-book levels referenced from ring slots.</summary>
    public DepthSlabPool DepthSlabs { get; }

    /// <summary>The derived-event ring (closed bars, book metric samples, signals).</summary>
    public RingBuffer<DerivedEvent> DerivedRing { get; }

    /// <summary>Consumers of derived events.</summary>
    public Pipeline<DerivedEvent> DerivedPipeline { get; }

    /// <summary>The bar stage.</summary>
    public BarBuilderHandler Bars { get; }

    /// <summary>The bar stage's indicators, or null when none are configured.</summary>
    public IndicatorEngine? Indicators { get; }

    /// <summary>The latest value of each indicator published by the bar stage (read by the HTTP API); null without indicators.</summary>
    public IndicatorBoard? IndicatorBoard { get; }

    /// <summary>Open and last closed bars published by the bar stage (read by the HTTP API).</summary>
    public OpenBarBoard OpenBars { get; }

    /// <summary>Latest books published by the book stage (read by the HTTP API).</summary>
    public BookSnapshotBoard BookSnapshots { get; }

    /// <summary>The book stage.</summary>
    public BookBuilderHandler Books { get; }

    /// <summary>The ingress ring.</summary>
    public RingBuffer<MarketEvent> Ring { get; }

    /// <summary>The consumer graph.</summary>
    public Pipeline<MarketEvent> Pipeline { get; }

    /// <summary>Stages in graph order.</summary>
    public IReadOnlyList<StageInfo> Stages => _stages;

    /// <summary>The feed connections (replaced whole when a connection is added at runtime).</summary>
    public IReadOnlyList<IFeedRunner> Feeds => Volatile.Read(ref _feeds);

    /// <summary>
    /// Feeds that <see cref="Start"/> leaves disconnected (their market is closed: the session scheduler starts them
    /// later with <see cref="StartFeed"/>); null starts every feed.
    /// </summary>
    public Func<IFeedRunner, bool>? HoldAtStart { get; set; }

    /// <summary>Starts consumers, the clock and every feed.</summary>
    public void Start()
    {
        foreach (var stage in _stages)
        {
            if (stage.IsStandIn)
            {
                _logger.LogWarning("Stage {Stage} is a stand-in: it only counts the events it sees", stage.Name);
            }
        }

        Storage?.Start();
        Bus?.Start();
        DerivedPipeline.Start();
        Pipeline.Start();
        if (_settings.LocalClock)
        {
            PublishControl(ControlCode.EngineStart);
            _clockPublisher.Start();
        }

        lock (_runsGate)
        {
            _started = true;
        }

        foreach (var feed in Feeds)
        {
            if (HoldAtStart?.Invoke(feed) != true)
            {
                StartFeedCore(feed);
            }
        }
    }

    /// <summary>
    /// Stops feeds and the clock, publishes the stop marker, then drains the ring through every stage and joins the
    /// consumer threads. Returns false if the drain did not finish within <paramref name="drainTimeout"/>.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan drainTimeout)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return true;
        }

        await _stopFeeds.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(FeedTasks()).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "A feed ended with an error during shutdown");
        }

        _clockPublisher.Stop();
        if (_settings.LocalClock)
        {
            PublishControl(ControlCode.EngineStop);
        }

        bool drained = Pipeline.Shutdown(drainTimeout);
        drained &= DerivedPipeline.Shutdown(drainTimeout);
        Storage?.Stop(drainTimeout);
        if (Bus is not null)
        {
            await Bus.StopAsync(drainTimeout).ConfigureAwait(false);
        }

        _logger.LogInformation("Engine stopped at sequence {Sequence}; drained: {Drained}", Ring.Cursor, drained);
        return drained;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (_retention is not null)
        {
            await _retention.DisposeAsync().ConfigureAwait(false);
        }

        Storage?.Dispose();
        if (Bus is not null)
        {
            await Bus.DisposeAsync().ConfigureAwait(false);
        }

        Stream.Dispose();
        Journal.Dispose();
        _clockPublisher.Dispose();
        _stopFeeds.Dispose();
    }

    /// <summary>The model scoring stage (<c>Processing:Scoring:Model</c>); null when none is configured or the model was refused.</summary>
    public ModelScoringStage? Scoring { get; private set; }

    /// <summary>Why the configured model was refused (features or timeframe differ, unreadable file); null when none was.</summary>
    public string? ScoringRefusal { get; private set; }

    /// <summary>
    /// Loads the configured model and seeds its feature pipeline from the whole journal (as the indicators are), so its
    /// live rows equal a replay's; signals are only published from live events on. A model that does not fit is
    /// refused with the difference logged and kept in <see cref="ScoringRefusal"/>; the engine runs on without it.
    /// </summary>
    private ModelScoringStage? CreateScoringStage(EngineSettings settings)
    {
        ScoringOptions scoring = settings.Processing.Scoring;
        if (!scoring.Enabled)
        {
            return null;
        }

        try
        {
            LoadedModel model = ModelFile.Load(scoring.Model!);
            var sink = new WarmUpDerivedEventSink(new RingDerivedEventSink(DerivedRing));
            var stage = new ModelScoringStage(model, scoring.ToFeatureOptions(settings.Processing), sink, settings.BarOptions(), settings.Processing.ToBookOptions(), DepthSlabs);
            long seeded = ProcessingWarmUp.RunFullHistory(settings.JournalDirectory, Journal.LastSequence, DepthSlabs, [stage]);
            sink.GoLive();
            _logger.LogInformation("Scoring model {Version} ({Features} features) seeded from {Events} journaled events", model.Manifest.Version, model.Manifest.FeatureNames.Length, seeded);
            return stage;
        }
        catch (Exception exception) when (exception is ModelMismatchException or InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            ScoringRefusal = exception.Message;
            s_scoringRefusals.Inc();
            _logger.LogError("Scoring model '{Path}' refused, running without it: {Reason}", scoring.Model, exception.Message);
            return null;
        }
    }

    /// <summary>
    /// The scoring stage for the signals table's catch-up: the accepted model with the live stage's settings, run from
    /// the journal's start as the live stage was seeded, so signals scored while the database was away are rebuilt
    /// bit for bit (<c>src/LowLatencyFeed.Research/README.md</c>, live scoring). Null without a scoring stage.
    /// </summary>
    private DerivedEngineFactory? ScoringCatchUpEngines(EngineSettings settings)
    {
        if (Scoring is not { } live)
        {
            return null;
        }

        LoadedModel model = live.Model;
        var features = settings.Processing.Scoring.ToFeatureOptions(settings.Processing);
        var bars = settings.Processing.ToBarOptions();
        var books = settings.Processing.ToBookOptions();
        return (sink, slabs) => [new ModelScoringStage(model, features, sink, bars, books, slabs)];
    }

    private static readonly Prometheus.Counter s_scoringRefusals = Prometheus.Metrics.CreateCounter(
        "llfeed_scoring_model_refused_total", "Models refused at start (features or timeframe differ from the host's, or the file is unreadable).");

    /// <summary>Reports consumer <paramref name="index"/> as stage <paramref name="name"/>; the graph above adds them in this order.</summary>
    private void AddStage(string name, bool isStandIn, IReadOnlyList<IEventProcessor> processors, int index)
    {
        IEventProcessor processor = processors[index];
        Debug.Assert(processor.Name == name, $"consumer {index} is '{processor.Name}', expected stage '{name}': the graph and the stage list disagree");
        _stages.Add(new StageInfo(name, isStandIn, processor, () => Pipeline.Lag(processor)));
    }

    private ConsumerOptions Options(string name)
    {
        int? core = null;
        if (_settings.Pinning.Enabled && _settings.Pinning.Cores.TryGetValue(name, out int configured))
        {
            core = configured;
        }

        // Ring:SpinningConsumer: at most one ingress consumer spins; the validator refuses other names.
        IWaitStrategy? own = name == _settings.Ring.SpinningConsumer ? new BusySpinWaitStrategy() : null;
        return new ConsumerOptions(name, core, WaitStrategy: own);
    }

    private void PublishControl(ControlCode code)
    {
        var publisher = new RingPublisher(Ring);
        ref MarketEvent slot = ref publisher.Claim();
        long now = _clock.UnixNanoseconds();
        slot.Header.Kind = EventKind.Control;
        slot.Header.ExchangeTimeNs = now;
        slot.Header.ReceiveTimeNs = now;
        slot.Control.Code = code;
        publisher.Publish();
    }
}
