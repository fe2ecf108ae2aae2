using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Research.Labels;
using LowLatencyFeed.Research.Scoring;
using LowLatencyFeed.Research.Training;
using LowLatencyFeed.Research.Tests.Support;

namespace LowLatencyFeed.Research.Tests.Training;

/// <summary>
/// The walk-forward keeps the model honest: a planted pattern (book lean → next bar's move) is learned well above
/// chance out of sample; the same market with the lean shuffled is not. Small data and few trees keep it fast.
/// </summary>
public sealed class PlantedPatternTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    internal static TrainingOptions Options(string journal) => new()
    {
        JournalDirectory = journal,
        Labels = new TripleBarrierOptions { UpperMultiple = 1, LowerMultiple = 1, VerticalBars = 3 },
        LightGbm = new LightGbmParameters { NumberOfIterations = 30, NumberOfLeaves = 7, MinimumExampleCountPerLeaf = 10, LearningRate = 0.1 },
        Folds = 3,
        EmbargoBars = 2,
        MinTrainSamples = 100,
        MinTestSamples = 50,
    };

    [Fact]
    public void A_planted_pattern_is_learned_well_above_chance_and_a_shuffled_one_is_not()
    {
        string planted = _temp.Sub("planted");
        string shuffled = _temp.Sub("shuffled");
        SyntheticMarket.Write(planted, minutes: 1_200, shuffled: false);
        SyntheticMarket.Write(shuffled, minutes: 1_200, shuffled: true);

        TrainingResult learned = ModelTrainer.Train(Options(planted), Path.Combine(_temp.Path, "planted.zip"));
        TrainingResult noise = ModelTrainer.Train(Options(shuffled), Path.Combine(_temp.Path, "shuffled.zip"));

        foreach (FoldScore fold in learned.Manifest.FoldScores)
        {
            Assert.True(fold.MacroAuc > 0.85, $"planted fold {fold.Fold}: AUC {fold.MacroAuc:F3}");
            Assert.True(fold.Accuracy > 0.7, $"planted fold {fold.Fold}: accuracy {fold.Accuracy:F3}");
        }

        double meanNoiseAuc = noise.Manifest.FoldScores.Average(f => f.MacroAuc);
        Assert.True(meanNoiseAuc < 0.6, $"shuffled: mean AUC {meanNoiseAuc:F3}");
        Assert.All(noise.Manifest.FoldScores, fold => Assert.True(fold.Accuracy < 0.55, $"shuffled fold {fold.Fold}: accuracy {fold.Accuracy:F3}"));

        // The model explains itself: the book lean carries the gain, and the file keeps what it was trained with.
        Assert.StartsWith("imbalance", learned.Manifest.Importance[0].Feature, StringComparison.Ordinal);
        LoadedModel loaded = ModelFile.Load(learned.ModelPath);
        Assert.Equal(learned.Manifest.Version, loaded.Manifest.Version);
        Assert.Equal(learned.Manifest.FeatureNames, loaded.Manifest.FeatureNames);
        Assert.Equal(3, loaded.Manifest.FoldScores.Length);
        Assert.Equal(30, loaded.Manifest.Parameters.NumberOfIterations);
        Assert.True(File.Exists(learned.ReportPath));
        Assert.True(new FileInfo(Path.ChangeExtension(learned.ModelPath, null) + ".folds.png").Length > 1000);
        Assert.Contains("| 1 |", File.ReadAllText(learned.ReportPath), StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_too_small_for_a_fold_says_so()
    {
        string journal = _temp.Sub("small");
        SyntheticMarket.Write(journal, minutes: 150, shuffled: false);
        var error = Assert.Throws<TooFewSamplesException>(() => ModelTrainer.Train(Options(journal), Path.Combine(_temp.Path, "small.zip")));
        Assert.Contains("Fold 1 of 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("widen --from/--to or use fewer --folds", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_temp.Path, "small.zip")));
    }
}
