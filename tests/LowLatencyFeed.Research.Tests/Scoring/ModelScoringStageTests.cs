using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Research.Features;
using LowLatencyFeed.Research.Scoring;
using LowLatencyFeed.Research.Training;
using LowLatencyFeed.Research.Tests.Support;
using LowLatencyFeed.Research.Tests.Training;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Research.Tests.Scoring;

/// <summary>
/// The scoring stage on a real ingress ring computes the same feature rows as a replay of the journal, bit for bit,
/// and publishes on the derived ring one model signal per complete bar with the model's prediction and version.
/// </summary>
public sealed class ModelScoringStageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Live_features_and_signals_equal_replay_bit_for_bit()
    {
        string journal = _temp.Sub("journal");
        SyntheticMarket.Write(journal, minutes: 700, shuffled: false);
        TrainingOptions options = PlantedPatternTests.Options(journal);
        string path = Path.Combine(_temp.Path, "model.zip");
        ModelTrainer.Train(options, path);
        LoadedModel model = ModelFile.Load(path);

        // Replay: the journal through a feature pipeline; the expected signals from its complete rows.
        var replay = new CollectingFeatureSink();
        var pipeline = new FeaturePipeline(options.Features, replay);
        var events = new List<MarketEvent>();
        using (JournalCursor cursor = JournalReader.Open(journal).Read())
        {
            while (cursor.MoveNext())
            {
                events.Add(cursor.Current);
                pipeline.OnEvent(in cursor.Current);
            }
        }

        // Live: ingress ring → scoring stage on its own thread → derived ring → collector thread.
        var derivedRing = RingBuffer<DerivedEvent>.CreateMultiProducer(1024, new BlockingWaitStrategy());
        var collector = new DerivedCollector();
        using var derived = new Pipeline<DerivedEvent>(derivedRing);
        derived.HandleEventsWith(derived.Handler(collector, new ConsumerOptions("collector")));
        derived.Start();
        var live = new CollectingFeatureSink();
        var stage = new ModelScoringStage(model, options.Features, new RingDerivedEventSink(derivedRing)) { Observer = live };
        var ingressRing = RingBuffer<MarketEvent>.CreateSingleProducer(256, new BlockingWaitStrategy());
        using (var ingress = new Pipeline<MarketEvent>(ingressRing))
        {
            ingress.HandleEventsWith(ingress.Handler(stage, new ConsumerOptions("scoring")));
            ingress.Start();
            foreach (MarketEvent e in events)
            {
                long sequence = ingressRing.Next();
                ingressRing[sequence] = e;
                ingressRing.Publish(sequence);
            }

            Assert.True(ingress.Shutdown(TimeSpan.FromSeconds(60)));
        }

        Assert.True(derived.Shutdown(TimeSpan.FromSeconds(60)));
        Assert.Equal(replay.Rows.Count, live.Rows.Count);
        for (int i = 0; i < replay.Rows.Count; i++)
        {
            Assert.Equal(replay.Rows[i].Row, live.Rows[i].Row);
            Assert.True(MemoryMarshal.AsBytes(replay.Rows[i].Features.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(live.Rows[i].Features.AsSpan())), $"row {i} differs");
        }

        var complete = replay.Rows.Where(r => r.Row.Complete).ToList();
        Assert.True(complete.Count > 600);
        Assert.Equal(complete.Count, collector.Events.Count);
        var probabilities = new float[3];
        for (int i = 0; i < complete.Count; i++)
        {
            model.Forest.Predict(complete[i].Features.Select(f => (float)f).ToArray(), probabilities);
            int best = ClassMetrics.ArgMax(probabilities);
            DerivedEvent signal = collector.Events[i];
            Assert.Equal(DerivedEventKind.Signal, signal.Header.Kind);
            Assert.Equal(complete[i].Row.Instrument, signal.Header.Instrument);
            Assert.Equal(complete[i].Row.BarEndNs, signal.Header.SourceExchangeTimeNs);
            Assert.Equal(ModelScoringStage.ModelWindowDepth, signal.Signal.WindowDepth);
            Assert.Equal((SignalSide)(best - 1), signal.Signal.Side);
            Assert.Equal(probabilities[best], signal.Signal.Confidence);
            Assert.Equal(model.Manifest.VersionNumber, signal.Signal.ModelVersion);
        }

        // The pattern shows live too: most signals are BUY or SELL, not HOLD.
        Assert.True(collector.Events.Count(e => e.Signal.Side != SignalSide.Flat) > complete.Count / 2);
    }

    [Fact]
    public void A_model_whose_features_do_not_match_the_host_is_refused_naming_the_difference()
    {
        string journal = _temp.Sub("journal");
        SyntheticMarket.Write(journal, minutes: 500, shuffled: false);
        TrainingOptions options = PlantedPatternTests.Options(journal);
        string path = Path.Combine(_temp.Path, "model.zip");
        ModelTrainer.Train(options, path);
        LoadedModel model = ModelFile.Load(path);
        var sink = new DerivedEventBuffer();

        var host = new FeatureOptions { ReturnHorizons = [1, 5, 30], ImbalanceDepths = [1, 5, 20] };
        var error = Assert.Throws<ModelMismatchException>(() => new ModelScoringStage(model, host, sink));
        Assert.Contains("features only in the model: ret_20, imbalance_all", error.Message, StringComparison.Ordinal);
        Assert.Contains("features only in the host: ret_30", error.Message, StringComparison.Ordinal);
        Assert.Contains(model.Manifest.Version, error.Message, StringComparison.Ordinal);

        var slower = new FeatureOptions { Timeframe = TimeSpan.FromMinutes(5) };
        Assert.Contains("timeframe 60 s in the model, 300 s in the host", Assert.Throws<ModelMismatchException>(() => new ModelScoringStage(model, slower, sink)).Message, StringComparison.Ordinal);
        Assert.Null(ModelCompatibility.Describe(model.Manifest, options.Features));
    }

    [Fact]
    public void An_altered_model_file_is_refused()
    {
        string path = Path.Combine(_temp.Path, "not-a-model.zip");
        File.WriteAllText(path, "hello");
        Assert.ThrowsAny<Exception>(() => ModelFile.Load(path));
        var missing = Assert.Throws<InvalidDataException>(() => ModelFile.Load(Path.Combine(_temp.Path, "nope.zip")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    private sealed class DerivedCollector : IEventHandler<DerivedEvent>
    {
        public List<DerivedEvent> Events { get; } = [];

        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref DerivedEvent data, long sequence, bool endOfBatch) => Events.Add(data);

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
}
