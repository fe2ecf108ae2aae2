using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// The live pipeline: feed sessions and the clock publish into the ingress ring; the journal writer, bar builder and
/// book builder consume in parallel; the database stager runs after all three (so a row is staged only once its event
/// is journaled and its bars and books are updated).
/// </summary>
public sealed class FeedEngine : IAsyncDisposable
{
    private readonly EngineSettings _settings;
    private readonly IReadOnlyList<IFeedRunner> _feeds;
    private readonly ILogger _logger;
    private readonly MonotonicClock _clock;
    private readonly ClockPublisher _clockPublisher;
    private readonly List<Task> _feedTasks = [];
    private readonly CancellationTokenSource _stopFeeds = new();
    private readonly List<StageInfo> _stages = [];
    private int _stopped;

    /// <summary>Builds the ring and the consumer graph; nothing runs until <see cref="Start"/>.</summary>
    public FeedEngine(EngineSettings settings, IReadOnlyList<IFeedRunner> feeds, ILoggerFactory loggerFactory, MonotonicClock? clock = null)
    {
        _settings = settings;
        _feeds = feeds;
        _logger = loggerFactory.CreateLogger<FeedEngine>();
        _clock = clock ?? MonotonicClock.Shared;
        Directory.CreateDirectory(settings.DataDirectory);

        var wait = WaitStrategies.Create(settings.Ring.WaitStrategy);
        Ring = RingBuffer<MarketEvent>.CreateMultiProducer(settings.Ring.Capacity, wait);
        Pipeline = new Pipeline<MarketEvent>(Ring, loggerFactory);

        var journal = Pipeline.Handler(new CountingStage(), Options("journal"));
        var bars = Pipeline.Handler(new CountingStage(), Options("bars"));
        var books = Pipeline.Handler(new CountingStage(), Options("books"));
        var stager = Pipeline.Handler(new CountingStage(), Options("db-stager"));
        Pipeline.HandleEventsWith(journal, bars, books).Then(stager);

        var processors = Pipeline.Consumers;
        string[] names = ["journal", "bars", "books", "db-stager"];
        for (int i = 0; i < names.Length; i++)
        {
            _stages.Add(new StageInfo(names[i], IsStandIn: true, processors[i]));
        }

        _clockPublisher = new ClockPublisher(Ring, _clock, settings.ClockInterval);
    }

    /// <summary>The ingress ring.</summary>
    public RingBuffer<MarketEvent> Ring { get; }

    /// <summary>The consumer graph.</summary>
    public Pipeline<MarketEvent> Pipeline { get; }

    /// <summary>Stages in graph order.</summary>
    public IReadOnlyList<StageInfo> Stages => _stages;

    /// <summary>The feed connections.</summary>
    public IReadOnlyList<IFeedRunner> Feeds => _feeds;

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

        Pipeline.Start();
        PublishControl(ControlCode.EngineStart);
        _clockPublisher.Start();
        foreach (var feed in _feeds)
        {
            _feedTasks.Add(Task.Run(() => feed.RunAsync(Ring, _settings.Ring.Backpressure, _stopFeeds.Token)));
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
            await Task.WhenAll(_feedTasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "A feed ended with an error during shutdown");
        }

        _clockPublisher.Stop();
        PublishControl(ControlCode.EngineStop);
        bool drained = Pipeline.Shutdown(drainTimeout);
        _logger.LogInformation("Engine stopped at sequence {Sequence}; drained: {Drained}", Ring.Cursor, drained);
        return drained;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _clockPublisher.Dispose();
        _stopFeeds.Dispose();
    }

    private ConsumerOptions Options(string name)
    {
        int? core = null;
        if (_settings.Pinning.Enabled && _settings.Pinning.Cores.TryGetValue(name, out int configured))
        {
            core = configured;
        }

        return new ConsumerOptions(name, core);
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
