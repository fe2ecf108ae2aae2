using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Research.Features;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Research.Scoring;

/// <summary>
/// The live scoring stage, a consumer of the ingress ring: market events through the same <see cref="FeaturePipeline"/>
/// as training, and at each closed bar of the model's timeframe one prediction by the <see cref="FlatForest"/>,
/// published on the derived ring as a <see cref="DerivedEventKind.Signal"/> (<c>WindowDepth</c> −1, side BUY/SELL or
/// Flat for HOLD, the class probability as confidence, the model's version) — from there to <c>llfeed.signals</c>, the
/// API, the stream and the dashboard like every signal. It runs on the ingress ring rather than the derived one
/// because trade flow needs the trades, and owning its pipeline makes live features equal replay's by construction.
/// Nothing is allocated per bar. A model that does not fit the host's features is refused at construction.
/// </summary>
public sealed class ModelScoringStage : IEventHandler<MarketEvent>, IFeatureSink
{
    /// <summary>The <see cref="SignalValues.WindowDepth"/> that marks a model signal (the imbalance rule uses ≥ 0).</summary>
    public const int ModelWindowDepth = -1;

    private readonly FeaturePipeline _pipeline;
    private readonly FlatForest _forest;
    private readonly IDerivedEventSink _sink;
    private readonly long _version;
    private readonly float[] _features;
    private readonly float[] _probabilities;
    private readonly Dictionary<long, SignalSide> _previous = [];

    public ModelScoringStage(LoadedModel model, FeatureOptions features, IDerivedEventSink sink, BarOptions? bars = null, BookOptions? books = null, DepthSlabPool? slabs = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sink);
        ModelCompatibility.Require(model.Manifest, features);
        Model = model;
        _forest = model.Forest;
        _sink = sink;
        _version = model.Manifest.VersionNumber;
        _features = new float[_forest.FeatureCount];
        _probabilities = new float[_forest.Classes];
        _pipeline = new FeaturePipeline(features, this, bars, books, slabs);
    }

    public LoadedModel Model { get; }

    /// <summary>Bars scored (signals published).</summary>
    public long Scored { get; private set; }

    /// <summary>Bars not scored because the features were still warming up.</summary>
    public long WarmingUp { get; private set; }

    /// <summary>Receives each feature row too (tests compare live rows with replay's); null: none.</summary>
    public IFeatureSink? Observer { get; set; }

    public void OnStart()
    {
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch) => _pipeline.OnEvent(in data);

    /// <summary>One event outside a ring (warm-up from the journal, replay).</summary>
    public void OnEvent(in MarketEvent data) => _pipeline.OnEvent(in data);

    public void OnBatchEnd(long lastSequence)
    {
    }

    public void OnTimeout(long sequence)
    {
    }

    public void OnShutdown()
    {
    }

    void IFeatureSink.OnFeatures(in FeatureRow row, ReadOnlySpan<double> features)
    {
        Observer?.OnFeatures(in row, features);
        if (!row.Complete)
        {
            WarmingUp++;
            return;
        }

        for (int i = 0; i < _features.Length; i++)
        {
            _features[i] = (float)features[i];
        }

        _forest.Predict(_features, _probabilities);
        int best = 0;
        for (int c = 1; c < _probabilities.Length; c++)
        {
            if (_probabilities[c] > _probabilities[best])
            {
                best = c;
            }
        }

        var side = (SignalSide)(best - 1);
        _previous.TryGetValue(row.Instrument.Value, out SignalSide previous);
        _previous[row.Instrument.Value] = side;

        ref DerivedEvent slot = ref _sink.Claim();
        slot.Header.Kind = DerivedEventKind.Signal;
        slot.Header.Feed = row.Instrument.Feed;
        slot.Header.PriceDecimals = row.PriceDecimals;
        slot.Header.QuantityDecimals = row.QuantityDecimals;
        slot.Header.SessionId = row.SessionId;
        slot.Header.Instrument = row.Instrument;
        slot.Header.SourceSequence = row.SourceSequence;
        slot.Header.SourceExchangeTimeNs = row.BarEndNs;
        slot.Header.SourceReceiveTimeNs = row.SourceReceiveTimeNs;
        ref SignalValues signal = ref slot.Signal;
        signal.Side = side;
        signal.PreviousSide = previous;
        signal.WindowDepth = ModelWindowDepth;
        signal.Imbalance = _probabilities[2] - _probabilities[0];
        signal.Confidence = _probabilities[best];
        signal.ModelVersion = _version;
        signal.ConditionSinceNs = row.BarStartNs;
        _sink.Publish();
        Scored++;
    }
}
