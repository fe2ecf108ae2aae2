namespace LowLatencyFeed.Research.Scoring;

/// <summary>
/// One regression tree of a <see cref="FlatForest"/>, as stored in the model file: node arrays (children are node
/// indices, or ~leaf for a leaf), leaf outputs, the class it adds to, its weight, the split gains (importance) and per
/// node the value a missing feature takes (null or empty: a missing feature stays NaN and goes right).
/// </summary>
public sealed record ForestTree(
    int Class, double Weight, int[] SplitFeatures, float[] Thresholds, int[] Left, int[] Right, double[] LeafValues, double[] Gains, float[]? MissingValues = null);
