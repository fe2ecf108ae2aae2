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
                    [.. tree.SplitGains],
                    MissingValues(tree)));
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

    /// <summary>
    /// The value ML.NET puts in place of a missing (NaN) feature at each node — LightGBM's default direction turned
    /// into a value on the chosen side of the threshold — or an empty array when it keeps NaN (which then goes to the
    /// greater-than child). ML.NET keeps these on its internal tree only, so they are read by reflection here, once,
    /// at training time.
    /// </summary>
    private static float[] MissingValues(RegressionTree tree)
    {
        const System.Reflection.BindingFlags Any = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic;
        for (Type? type = tree.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(Any))
            {
                if (!field.FieldType.Name.Contains("InternalRegressionTree", StringComparison.Ordinal))
                {
                    continue;
                }

                object? inner = field.GetValue(tree);
                object? values = inner?.GetType().GetField("DefaultValueForMissing", Any)?.GetValue(inner)
                    ?? inner?.GetType().GetProperty("DefaultValueForMissing", Any)?.GetValue(inner);
                return values is float[] array ? [.. array] : [];
            }
        }

        throw new NotSupportedException("ML.NET's tree " + tree.GetType().FullName + " has no internal tree to read missing-value defaults from.");
    }
}
