using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace LowLatencyFeed.Research.Training;

/// <summary>
/// ML.NET's LightGBM multiclass trainer (softmax) over sample features. The label is a key column of three values
/// whose class field holds the zero-based index (0 Sell, 1 Hold, 2 Buy: ML.NET maps a field value v to key v + 1),
/// so every fold has the same three score columns even when a class is missing from its training set.
/// </summary>
internal static class LightGbmTraining
{
    public static MulticlassPredictionTransformer<OneVersusAllModelParameters> Fit(MLContext ml, IReadOnlyList<Sample> samples, IReadOnlyList<int> indices, int featureCount, LightGbmParameters parameters)
    {
        var examples = new List<MlExample>(indices.Count);
        foreach (int i in indices)
        {
            Sample sample = samples[i];
            examples.Add(new MlExample { Features = sample.Features, Label = (uint)((int)sample.Label + 1) });
        }

        IDataView data = ml.Data.LoadFromEnumerable(examples, Schema(featureCount));
        var trainer = ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            LabelColumnName = nameof(MlExample.Label),
            FeatureColumnName = nameof(MlExample.Features),
            NumberOfIterations = parameters.NumberOfIterations,
            NumberOfLeaves = parameters.NumberOfLeaves,
            LearningRate = parameters.LearningRate,
            MinimumExampleCountPerLeaf = parameters.MinimumExampleCountPerLeaf,
            Seed = parameters.Seed,
            Deterministic = true,
            NumberOfThreads = 1,
            UseSoftmax = true,
            Silent = true,
            Verbose = false,
        });
        return trainer.Fit(data);
    }

    /// <summary>The input schema: a fixed-size float vector and a key label with three values.</summary>
    public static SchemaDefinition Schema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(MlExample));
        schema[nameof(MlExample.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        schema[nameof(MlExample.Label)].ColumnType = new KeyDataViewType(typeof(uint), ClassMetrics.Classes);
        return schema;
    }
}

/// <summary>An ML.NET input row.</summary>
public sealed class MlExample
{
    public float[] Features { get; set; } = [];

    public uint Label { get; set; }
}

/// <summary>An ML.NET output row: class probabilities (Sell, Hold, Buy).</summary>
public sealed class MlPrediction
{
    public float[] Score { get; set; } = [];
}
