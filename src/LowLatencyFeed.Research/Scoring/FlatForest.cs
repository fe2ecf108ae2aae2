using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Research.Scoring;

/// <summary>
/// A LightGBM multiclass model as flat arrays, scored without allocation: every tree's nodes in one array each for
/// the split feature, threshold and children (a negative child is ~leaf index), leaves in one array; the class score
/// is the bias plus the weighted leaves of that class's trees, and the probabilities are their softmax — the
/// arithmetic of ML.NET's <c>OneVersusAllModelParameters</c> over its LightGBM trees, which <c>FlatForestTests</c>
/// checks prediction by prediction against ML.NET's <c>PredictionEngine</c>.
/// </summary>
public sealed class FlatForest
{
    private readonly int[] _treeRoots;
    private readonly int[] _treeLeafOffsets;
    private readonly int[] _treeClasses;
    private readonly double[] _treeWeights;
    private readonly int[] _splitFeatures;
    private readonly float[] _thresholds;
    private readonly float[] _missing;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leafValues;
    private readonly double[] _bias;

    public FlatForest(int classes, int featureCount, ForestTree[] trees, double[] bias)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(bias);
        Classes = classes;
        FeatureCount = featureCount;
        Trees = trees;
        _bias = bias;
        int nodes = 0;
        int leaves = 0;
        foreach (ForestTree tree in trees)
        {
            nodes += tree.SplitFeatures.Length;
            leaves += tree.LeafValues.Length;
        }

        _treeRoots = new int[trees.Length];
        _treeLeafOffsets = new int[trees.Length];
        _treeClasses = new int[trees.Length];
        _treeWeights = new double[trees.Length];
        _splitFeatures = new int[nodes];
        _thresholds = new float[nodes];
        _missing = new float[nodes];
        _left = new int[nodes];
        _right = new int[nodes];
        _leafValues = new double[leaves];
        int node = 0;
        int leaf = 0;
        for (int t = 0; t < trees.Length; t++)
        {
            ForestTree tree = trees[t];
            _treeRoots[t] = tree.SplitFeatures.Length == 0 ? -1 : node;
            _treeLeafOffsets[t] = leaf;
            _treeClasses[t] = tree.Class;
            _treeWeights[t] = tree.Weight;
            for (int i = 0; i < tree.SplitFeatures.Length; i++)
            {
                if ((uint)tree.SplitFeatures[i] >= (uint)featureCount)
                {
                    ThrowHelper.ThrowInvalidData("Tree {0} splits on feature {1}; the model has {2} features.", t, tree.SplitFeatures[i], featureCount);
                }

                _splitFeatures[node + i] = tree.SplitFeatures[i];
                _thresholds[node + i] = tree.Thresholds[i];
                _missing[node + i] = tree.MissingValues is { Length: > 0 } missing ? missing[i] : float.NaN;
                _left[node + i] = tree.Left[i] < 0 ? tree.Left[i] : tree.Left[i] + node;
                _right[node + i] = tree.Right[i] < 0 ? tree.Right[i] : tree.Right[i] + node;
            }

            tree.LeafValues.CopyTo(_leafValues, leaf);
            node += tree.SplitFeatures.Length;
            leaf += tree.LeafValues.Length;
        }
    }

    public int Classes { get; }

    public int FeatureCount { get; }

    public IReadOnlyList<ForestTree> Trees { get; }

    public IReadOnlyList<double> Bias => _bias;

    /// <summary>Class probabilities for <paramref name="features"/> into <paramref name="probabilities"/> (length <see cref="Classes"/>).</summary>
    public void Predict(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        if (features.Length != FeatureCount || probabilities.Length != Classes)
        {
            ThrowHelper.ThrowArgument(nameof(features), "Expected {0} features and room for the classes.", FeatureCount);
        }

        // ML.NET's arithmetic, to the bit: per class the trees' outputs summed in double (then its bias), that sum as a
        // float score; the softmax in double over those floats, each probability cast to float.
        Span<double> sums = stackalloc double[Classes];
        sums.Clear();
        for (int t = 0; t < _treeRoots.Length; t++)
        {
            sums[_treeClasses[t]] += _treeWeights[t] * _leafValues[_treeLeafOffsets[t] + Leaf(_treeRoots[t], features)];
        }

        double total = 0;
        for (int c = 0; c < sums.Length; c++)
        {
            sums[c] = Math.Exp((float)(sums[c] + _bias[c]));
            total += sums[c];
        }

        for (int c = 0; c < probabilities.Length; c++)
        {
            probabilities[c] = (float)(sums[c] / total);
        }
    }

    /// <summary>Per class, the trees' outputs summed in tree order (no bias).</summary>
    internal void Sums(ReadOnlySpan<float> features, Span<double> sums)
    {
        sums.Clear();
        for (int t = 0; t < _treeRoots.Length; t++)
        {
            sums[_treeClasses[t]] += _treeWeights[t] * _leafValues[_treeLeafOffsets[t] + Leaf(_treeRoots[t], features)];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Leaf(int root, ReadOnlySpan<float> features)
    {
        if (root < 0)
        {
            return 0;
        }

        int node = root;
        while (node >= 0)
        {
            // A missing feature takes the node's default value (LightGBM's default direction); without one it stays
            // NaN, which compares false and goes right — both as ML.NET's trees do.
            float value = features[_splitFeatures[node]];
            if (float.IsNaN(value))
            {
                value = _missing[node];
            }

            node = value <= _thresholds[node] ? _left[node] : _right[node];
        }

        return ~node;
    }
}
