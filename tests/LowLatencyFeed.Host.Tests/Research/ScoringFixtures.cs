using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Research.Labels;
using LowLatencyFeed.Research.Scoring;
using LowLatencyFeed.Research.Tests.Support;
using LowLatencyFeed.Research.Training;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Storage.Verification;

namespace LowLatencyFeed.Host.Tests.Research;

/// <summary>
/// A trained model and the synthetic market it scores (Research tests' <c>SyntheticMarket</c>: one-minute bars whose
/// book lean at each minute's end decides the next minute's move), for host tests of the scoring stage.
/// </summary>
internal static class ScoringFixtures
{
    /// <summary>Events per synthetic minute: four trades and one depth snapshot.</summary>
    public const int EventsPerMinute = 5;

    /// <summary>Trains a small model on a planted-pattern journal under <paramref name="directory"/>; returns its path.</summary>
    public static string TrainModel(string directory)
    {
        string journal = Path.Combine(directory, "training-journal");
        SyntheticMarket.Write(journal, minutes: 500, shuffled: false);
        var options = new TrainingOptions
        {
            JournalDirectory = journal,
            Labels = new TripleBarrierOptions { UpperMultiple = 1, LowerMultiple = 1, VerticalBars = 3 },
            LightGbm = new LightGbmParameters { NumberOfIterations = 20, NumberOfLeaves = 7, MinimumExampleCountPerLeaf = 10, LearningRate = 0.1 },
            Folds = 3,
            EmbargoBars = 2,
            MinTrainSamples = 100,
            MinTestSamples = 50,
        };
        string path = Path.Combine(directory, "model.zip");
        ModelTrainer.Train(options, path);
        return path;
    }

    /// <summary>A synthetic market (another seed than the training one) as its journaled events, one array per minute.</summary>
    public static List<MarketEvent[]> Minutes(string directory, int minutes, int seed, long? startNs = null)
    {
        string journal = Path.Combine(directory, $"market-{seed}");
        SyntheticMarket.Write(journal, minutes, shuffled: false, seed, startNs);
        var events = new List<MarketEvent>();
        using (JournalCursor cursor = JournalReader.Open(journal).Read())
        {
            while (cursor.MoveNext())
            {
                events.Add(cursor.Current);
            }
        }

        Assert.Equal(minutes * EventsPerMinute, events.Count);
        return [.. events.Chunk(EventsPerMinute)];
    }

    /// <summary>The model signals a ring holds (every slot from 0 to its cursor: it must not have wrapped).</summary>
    public static List<DerivedEvent> ModelSignals(RingBuffer<DerivedEvent> ring)
    {
        Assert.True(ring.Cursor < ring.Capacity, "the derived ring wrapped: the test would miss live signals");
        var signals = new List<DerivedEvent>();
        for (long sequence = 0; sequence <= ring.Cursor; sequence++)
        {
            DerivedEvent e = ring[sequence];
            if (e.Header.Kind == DerivedEventKind.Signal && e.Signal.WindowDepth == ModelScoringStage.ModelWindowDepth)
            {
                signals.Add(e);
            }
        }

        return signals;
    }

    /// <summary>SQL reading every model signal as <see cref="Row"/> renders one.</summary>
    public static string SelectModelSignals =>
        $"SELECT seq, {DatabaseRows.T("time")}, instrument_id, window_depth, side, previous_side, imbalance, threshold, bid_quantity, ask_quantity, best_bid, best_ask, {DatabaseRows.T("condition_since")}, flags, model_version, confidence FROM llfeed.signals WHERE window_depth = -1 ORDER BY seq, time";

    /// <summary>A model signal as the row <c>llfeed.signals</c> should hold for it (every column, doubles exact).</summary>
    public static string Row(in DerivedEvent e)
    {
        ref readonly SignalValues s = ref e.Signal;
        int qd = e.Header.QuantityDecimals;
        int pd = e.Header.PriceDecimals;
        return DatabaseRows.Row(
            e.Header.SourceSequence,
            DatabaseRows.Micros(e.Header.SourceExchangeTimeNs),
            e.Header.Instrument.Value,
            s.WindowDepth,
            (short)s.Side,
            (short)s.PreviousSide,
            s.Imbalance,
            s.Threshold,
            DatabaseRows.Dec(s.WindowBidQuantity, qd),
            DatabaseRows.Dec(s.WindowAskQuantity, qd),
            s.BestBid != 0 ? DatabaseRows.Dec(s.BestBid, pd) : null,
            s.BestAsk != 0 ? DatabaseRows.Dec(s.BestAsk, pd) : null,
            DatabaseRows.Micros(s.ConditionSinceNs),
            (int)e.Header.Flags,
            s.ModelVersion,
            s.Confidence);
    }
}
