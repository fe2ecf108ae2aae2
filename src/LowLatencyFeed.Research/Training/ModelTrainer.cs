using LowLatencyFeed.Research.Scoring;
using Microsoft.ML;

namespace LowLatencyFeed.Research.Training;

/// <summary>
/// <c>llfeed train</c>: journal → samples (<see cref="DatasetBuilder"/>) → purged, embargoed walk-forward folds
/// (<see cref="WalkForward"/>), each trained on its past and scored on its test block → a final model on every sample
/// → the model file (<see cref="ModelFile"/>) and a markdown report with plots (<see cref="TrainingReport"/>).
/// </summary>
public static class ModelTrainer
{
    public static TrainingResult Train(TrainingOptions options, string modelPath, TextWriter? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dataset dataset = DatasetBuilder.Build(options, cancellation);
        log?.WriteLine($"{dataset.EventsRead} events read; {dataset.Samples.Count} labelled samples ({dataset.UnresolvedRows} rows without a decided label)");
        if (dataset.Samples.Count == 0)
        {
            ThrowHelper.ThrowTooFewSamples("The range holds no labelled samples ({0} events read): widen --from/--to or check --instruments.", dataset.EventsRead);
        }

        return Train(options, dataset, modelPath, log, cancellation);
    }

    public static TrainingResult Train(TrainingOptions options, Dataset dataset, string modelPath, TextWriter? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataset);
        IReadOnlyList<Sample> samples = dataset.Samples;
        int featureCount = dataset.FeatureNames.Count;
        long embargoNs = options.EmbargoBars * options.Features.TimeframeNs;
        IReadOnlyList<WalkForwardFold> folds = WalkForward.Split(samples, options.Folds, embargoNs, options.MinTrainSamples, options.MinTestSamples);
        var ml = new MLContext(options.LightGbm.Seed);
        var scores = new List<FoldScore>(folds.Count);
        var probabilities = new float[ClassMetrics.Classes];
        foreach (WalkForwardFold fold in folds)
        {
            cancellation.ThrowIfCancellationRequested();
            var model = LightGbmTraining.Fit(ml, samples, fold.Train, featureCount, options.LightGbm);
            FlatForest forest = ForestExport.From(model.Model, featureCount);
            var actual = new List<int>(fold.Test.Length);
            var predicted = new List<float[]>(fold.Test.Length);
            foreach (int i in fold.Test)
            {
                forest.Predict(samples[i].Features, probabilities);
                actual.Add((int)samples[i].Label + 1);
                predicted.Add([.. probabilities]);
            }

            ClassMetrics metrics = ClassMetrics.Compute(actual, predicted);
            scores.Add(new FoldScore(fold.Number, fold.Train.Length, fold.Test.Length, fold.Purged, fold.TestFromNs, fold.TestToNs,
                metrics.Accuracy, metrics.MacroAuc, metrics.Auc, metrics.Precision, metrics.Recall, metrics.Confusion));
            log?.WriteLine($"fold {fold.Number}: train {fold.Train.Length} (purged {fold.Purged}), test {fold.Test.Length}: accuracy {metrics.Accuracy:F3}, AUC {metrics.MacroAuc:F3}");
        }

        var all = new int[samples.Count];
        var classCounts = new int[ClassMetrics.Classes];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
            classCounts[(int)samples[i].Label + 1]++;
        }

        var final = LightGbmTraining.Fit(ml, samples, all, featureCount, options.LightGbm);
        FlatForest finalForest = ForestExport.From(final.Model, featureCount);
        byte[] forestBytes = ModelFile.ForestBytes(finalForest);
        var manifest = new ModelManifest
        {
            Version = ModelFile.VersionOf(forestBytes),
            CreatedUtc = DateTime.UtcNow,
            TimeframeSeconds = options.Features.TimeframeNs / 1_000_000_000,
            ReturnHorizons = [.. options.Features.ReturnHorizons],
            VolatilityWindow = options.Features.VolatilityWindow,
            FlowWindow = options.Features.FlowWindow,
            ImbalanceDepths = [.. options.Features.ImbalanceDepths],
            FeatureNames = [.. dataset.FeatureNames],
            UpperMultiple = options.Labels.UpperMultiple,
            LowerMultiple = options.Labels.LowerMultiple,
            VerticalBars = options.Labels.VerticalBars,
            Parameters = options.LightGbm,
            Folds = options.Folds,
            EmbargoBars = options.EmbargoBars,
            Journal = Path.GetFullPath(options.JournalDirectory),
            FromTimeNs = options.FromTimeNs,
            ToTimeNs = options.ToTimeNs,
            FirstSampleTimeNs = samples[0].DecisionTimeNs,
            LastSampleTimeNs = samples[^1].DecisionTimeNs,
            Samples = samples.Count,
            ClassCounts = classCounts,
            FoldScores = [.. scores],
            Importance = Importance(finalForest, dataset.FeatureNames),
        };

        ModelFile.Save(modelPath, manifest, forestBytes, stream => ml.Model.Save(final, null, stream));
        string report = TrainingReport.Write(modelPath, manifest);
        log?.WriteLine($"model {manifest.Version} → {modelPath}; report {report}");
        return new TrainingResult(manifest, modelPath, report);
    }

    /// <summary>Total split gain per feature over the trees, largest first.</summary>
    public static FeatureImportance[] Importance(FlatForest forest, IReadOnlyList<string> names)
    {
        var gains = new double[names.Count];
        foreach (ForestTree tree in forest.Trees)
        {
            for (int n = 0; n < tree.SplitFeatures.Length; n++)
            {
                gains[tree.SplitFeatures[n]] += n < tree.Gains.Length ? tree.Gains[n] : 0;
            }
        }

        double total = 0;
        foreach (double gain in gains)
        {
            total += gain;
        }

        var result = new FeatureImportance[names.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new FeatureImportance(names[i], gains[i], total > 0 ? gains[i] / total : 0);
        }

        Array.Sort(result, static (a, b) => b.Gain.CompareTo(a.Gain));
        return result;
    }
}

/// <summary>What training wrote.</summary>
public sealed record TrainingResult(ModelManifest Manifest, string ModelPath, string ReportPath);
