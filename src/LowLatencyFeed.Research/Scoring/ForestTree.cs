namespace LowLatencyFeed.Research.Scoring;

/// <summary>
/// One regression tree of a <see cref="FlatForest"/>, as stored in the model file: node arrays (children are node
/// indices, or ~leaf for a leaf), leaf outputs, the class it adds to, its weight and the split gains (importance).
/// </summary>
public sealed record ForestTree(int Class, double Weight, int[] SplitFeatures, float[] Thresholds, int[] Left, int[] Right, double[] LeafValues, double[] Gains);
