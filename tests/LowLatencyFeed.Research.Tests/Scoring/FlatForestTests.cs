using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Research.Scoring;
using LowLatencyFeed.Research.Training;
using LowLatencyFeed.Research.Tests.Support;
using LowLatencyFeed.Research.Tests.Training;
using LowLatencyFeed.TestSupport;
using Microsoft.ML;

namespace LowLatencyFeed.Research.Tests.Scoring;

/// <summary>
/// The flat evaluator scores exactly as ML.NET: for every sample (missing features included) its probabilities equal
/// the <c>PredictionEngine</c>'s of the ML.NET model saved in the same file, bit for bit.
/// </summary>
public sealed class FlatForestTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Predictions_equal_MLNET_PredictionEngine_bit_for_bit()
    {
        string journal = _temp.Sub("journal");
        SyntheticMarket.Write(journal, minutes: 900, shuffled: false);
        TrainingOptions options = PlantedPatternTests.Options(journal);
        Dataset dataset = DatasetBuilder.Build(options);
        string path = Path.Combine(_temp.Path, "model.zip");
        ModelTrainer.Train(options, dataset, path);

        LoadedModel model = ModelFile.Load(path);
        var ml = new MLContext(1);
        ITransformer transformer;
        using (Stream stream = ModelFile.OpenMlNetModel(path))
        {
            transformer = ml.Model.Load(stream, out _);
        }

        var engine = ml.Model.CreatePredictionEngine<MlExample, MlPrediction>(transformer, inputSchemaDefinition: LightGbmTraining.Schema(model.Forest.FeatureCount));
        var ours = new float[3];
        int withMissing = 0;
        var inputs = dataset.Samples.Select(s => s.Features).ToList();
        // Rows with every feature missing, and with single features missing, reach the missing-value branches.
        inputs.Add(Enumerable.Repeat(float.NaN, model.Forest.FeatureCount).ToArray());
        foreach (float[] sample in dataset.Samples.Take(50).Select(s => s.Features))
        {
            float[] copy = [.. sample];
            copy[model.Manifest.FeatureNames.ToList().FindIndex(n => n.StartsWith("imbalance", StringComparison.Ordinal))] = float.NaN;
            inputs.Add(copy);
        }

        foreach (float[] features in inputs)
        {
            withMissing += features.Any(float.IsNaN) ? 1 : 0;
            MlPrediction theirs = engine.Predict(new MlExample { Features = features });
            model.Forest.Predict(features, ours);
            Assert.Equal(theirs.Score, ours);
        }

        Assert.True(withMissing > 50, $"only {withMissing} inputs with a missing feature");
    }

    [Fact]
    public void Scoring_allocates_nothing()
    {
        var forest = new FlatForest(3, 2, [
            new ForestTree(0, 1, [0], [0.5f], [~0], [~1], [0.1, -0.2], [1]),
            new ForestTree(1, 1, [1], [0.5f], [~0], [~1], [0.3, -0.1], [1]),
            new ForestTree(2, 1, [], [], [], [], [0.05], []),
        ], [0, 0, 0]);
        float[] features = [0.2f, 0.9f];
        var probabilities = new float[3];
        forest.Predict(features, probabilities);
        IReadOnlyList<long> windows = AllocationWindows.UntilZero(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                forest.Predict(features, probabilities);
            }
        });

        Assert.True(windows[^1] == 0, AllocationWindows.Describe(windows));
        // Hand-worked: sums 0.1, −0.1, 0.05 → softmax.
        double e0 = Math.Exp(0.1f);
        double e1 = Math.Exp(-0.1f);
        double e2 = Math.Exp(0.05f);
        Assert.Equal((float)(e0 / (e0 + e1 + e2)), probabilities[0]);
        Assert.Equal((float)(e2 / (e0 + e1 + e2)), probabilities[2]);
    }
}
