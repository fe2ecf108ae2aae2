using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Research.Features;
using LowLatencyFeed.Research.Labels;

namespace LowLatencyFeed.Research.Training;

/// <summary>
/// Journal → samples: every event from the journal's start to <see cref="TrainingOptions.ToTimeNs"/> through the
/// <see cref="FeaturePipeline"/> (so features before <c>--from</c> have their history, as live), complete rows whose bar
/// starts at or after <c>--from</c> labelled by <see cref="TripleBarrier"/> on the following bars (never past
/// <c>--to</c>). Samples come out in decision-time order.
/// </summary>
public static class DatasetBuilder
{
    public static Dataset Build(TrainingOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Labels.Validate();
        if (!Directory.Exists(options.JournalDirectory))
        {
            ThrowHelper.ThrowDirectoryNotFound("Journal directory '{0}' does not exist.", options.JournalDirectory);
        }

        var rows = new RowCollector();
        var slabs = new DepthSlabPool(2, ushort.MaxValue);
        var pipeline = new FeaturePipeline(options.Features, rows, options.Bars, options.Books, slabs);
        var reader = JournalReader.Open(options.JournalDirectory, new JournalReaderOptions { DepthSlabs = slabs });
        long events = 0;
        using (JournalCursor cursor = reader.Read(new JournalQuery { ToTimeNs = options.ToTimeNs ?? long.MaxValue, Instruments = options.Instruments }))
        {
            while (cursor.MoveNext())
            {
                if ((++events & 0xFFFF) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                pipeline.OnEvent(in cursor.Current);
            }
        }

        int volatility = options.Features.ReturnHorizons.Count;
        long from = options.FromTimeNs ?? long.MinValue;
        var samples = new List<Sample>();
        long unresolved = 0;
        foreach (List<(FeatureRow Row, double[] Features)> series in rows.ByInstrument.Values)
        {
            var bars = new LabelBar[series.Count];
            for (int i = 0; i < bars.Length; i++)
            {
                FeatureRow row = series[i].Row;
                double scale = Math.Pow(10, row.PriceDecimals);
                bars[i] = new LabelBar(row.High / scale, row.Low / scale, row.Close / scale, row.BarEndNs);
            }

            for (int i = 0; i < series.Count; i++)
            {
                (FeatureRow row, double[] features) = series[i];
                if (!row.Complete || row.BarStartNs < from)
                {
                    continue;
                }

                BarrierOutcome outcome = TripleBarrier.Label(bars, i, features[volatility], options.Labels);
                if (!outcome.Resolved)
                {
                    unresolved++;
                    continue;
                }

                var vector = new float[features.Length];
                for (int f = 0; f < vector.Length; f++)
                {
                    vector[f] = (float)features[f];
                }

                samples.Add(new Sample(row.Instrument, row.BarStartNs, row.BarEndNs, outcome.EventTimeNs, outcome.Label, vector));
            }
        }

        samples.Sort(static (a, b) => a.DecisionTimeNs != b.DecisionTimeNs ? a.DecisionTimeNs.CompareTo(b.DecisionTimeNs) : a.Instrument.Value.CompareTo(b.Instrument.Value));
        return new Dataset(pipeline.Names, samples, events, unresolved);
    }

    private sealed class RowCollector : IFeatureSink
    {
        public Dictionary<long, List<(FeatureRow, double[])>> ByInstrument { get; } = [];

        public void OnFeatures(in FeatureRow row, ReadOnlySpan<double> features)
        {
            if (!ByInstrument.TryGetValue(row.Instrument.Value, out var list))
            {
                list = [];
                ByInstrument.Add(row.Instrument.Value, list);
            }

            list.Add((row, features.ToArray()));
        }
    }
}
