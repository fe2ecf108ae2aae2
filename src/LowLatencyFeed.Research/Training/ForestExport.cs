using LowLatencyFeed.Research.Scoring;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace LowLatencyFeed.Research.Training;

/// <summary>
/// Reads ML.NET's trained LightGBM trees (public model parameters: per class a tree ensemble, its trees' node arrays,
/// leaf values, tree weights and bias) into a <see cref="FlatForest"/>. ML.NET wraps each class's trees in a Platt
/// calibrator; with softmax output the calibrator is not applied (the raw sums go to the softmax), so only the trees
/// are read.
/// </summary>
internal static class ForestExport
{
    public static FlatForest From(OneVersusAllModelParameters model, int featureCount)
    {
        var subModels = SubModels(model);
        var trees = new List<ForestTree>();
        var bias = new double[subModels.Length];
        for (int c = 0; c < subModels.Length; c++)
        {
            TreeEnsembleModelParametersBasedOnRegressionTree ensemble = subModels[c] switch
            {
                TreeEnsembleModelParametersBasedOnRegressionTree direct => direct,
                CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> calibrated => calibrated.SubModel,
                var other => throw new NotSupportedException("Class " + c + " is a " + other.GetType().FullName + ", not a tree ensemble."),
            };

            var trained = ensemble.TrainedTreeEnsemble;
            bias[c] = trained.Bias;
            for (int t = 0; t < trained.Trees.Count; t++)
            {
                RegressionTree tree = trained.Trees[t];
                trees.Add(new ForestTree(
                    c,
                    trained.TreeWeights[t],
                    [.. tree.NumericalSplitFeatureIndexes],
                    [.. tree.NumericalSplitThresholds],
                    [.. tree.LeftChild],
                    [.. tree.RightChild],
                    [.. tree.LeafValues],
                    [.. tree.SplitGains]));
            }
        }

        return new FlatForest(subModels.Length, featureCount, [.. trees], bias);
    }

    private static object[] SubModels(OneVersusAllModelParameters model)
    {
        var property = model.GetType().GetProperty("SubModelParameters", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic);
        object value = property?.GetValue(model) ?? throw new NotSupportedException("No SubModelParameters on " + model.GetType().FullName);
        var list = new List<object>();
        foreach (object item in (System.Collections.IEnumerable)value)
        {
            list.Add(item);
        }

        return [.. list];
    }
}
