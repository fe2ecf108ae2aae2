using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Research.Features;

/// <summary>
/// Market events in, feature rows out: the one code path for replay (training, <c>llfeed train</c>) and live (the
/// scoring stage). It owns its bar aggregator (the feature timeframe only), book builder and indicator engine — the
/// live Processing code with the live settings — and calls <see cref="FeatureEngine"/> in a fixed order per event:
/// bars first (a closing tick completes the previous bar's row before it counts), then books, then trade flow. The
/// same events in the same order (journal sequence order, which is the ring's) give the same bits.
/// </summary>
public sealed class FeaturePipeline
{
    private readonly BarAggregator _bars;
    private readonly BookBuilder _books;
    private readonly IndicatorEngine _indicators;

    /// <param name="features">Features to compute.</param>
    /// <param name="sink">Receives each row.</param>
    /// <param name="bars">The live run's bar settings (late trades, clock close delay); the timeframes are replaced by the feature timeframe.</param>
    /// <param name="books">The live run's book settings; the imbalance windows are replaced by the features'.</param>
    /// <param name="slabs">The ring's (or the journal reader's) depth slab pool, for depth beyond the inline levels.</param>
    public FeaturePipeline(FeatureOptions features, IFeatureSink sink, BarOptions? bars = null, BookOptions? books = null, DepthSlabPool? slabs = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        Engine = new FeatureEngine(features, sink);
        var indicatorSink = new IndicatorSink(Engine);
        _indicators = new IndicatorEngine(FeatureIndicators.Options(features.Timeframe), indicatorSink, features.SessionResolver);
        _bars = new BarAggregator(
            (bars ?? new BarOptions()) with { Timeframes = [new BarTimeframe(features.Timeframe)], SessionResolver = features.SessionResolver },
            new BarSink(Engine, _indicators));
        _books = new BookBuilder((books ?? new BookOptions()) with { ImbalanceDepths = features.ImbalanceDepths, EmitMetrics = true }, null, new BookSink(Engine), slabs);
    }

    public FeatureEngine Engine { get; }

    public IReadOnlyList<string> Names => Engine.Names;

    /// <summary>One market event, in journal sequence order.</summary>
    public void OnEvent(in MarketEvent e)
    {
        _bars.OnEvent(in e);
        _books.OnEvent(in e);
        if (e.Header.Kind == EventKind.Tick)
        {
            Engine.OnTick(in e.Header, in e.Tick);
        }
    }

    /// <summary>The bar stage's sink: a final bar starts a row, runs the indicators (which fill it), completes it.</summary>
    private sealed class BarSink(FeatureEngine engine, IndicatorEngine indicators) : IDerivedEventSink
    {
        private DerivedEvent _slot;

        public ref DerivedEvent Claim()
        {
            _slot = default;
            return ref _slot;
        }

        public void Publish()
        {
            if (_slot.Header.Kind != DerivedEventKind.Bar)
            {
                return;
            }

            engine.OnBar(in _slot.Header, in _slot.Bar);
            indicators.OnDerived(in _slot);
            engine.CompleteBar();
        }
    }

    private sealed class IndicatorSink(FeatureEngine engine) : IDerivedEventSink
    {
        private DerivedEvent _slot;

        public ref DerivedEvent Claim()
        {
            _slot = default;
            return ref _slot;
        }

        public void Publish()
        {
            if (_slot.Header.Kind == DerivedEventKind.Indicator)
            {
                engine.OnIndicator(in _slot.Indicator);
            }
        }
    }

    private sealed class BookSink(FeatureEngine engine) : IDerivedEventSink
    {
        private DerivedEvent _slot;

        public ref DerivedEvent Claim()
        {
            _slot = default;
            return ref _slot;
        }

        public void Publish()
        {
            if (_slot.Header.Kind == DerivedEventKind.BookMetrics)
            {
                engine.OnBookMetrics(in _slot.Header, in _slot.Metrics);
            }
        }
    }
}
