namespace LowLatencyFeed.Research.Training;

/// <summary>LightGBM settings (multiclass, softmax): small defaults that train in seconds on a day of 1-minute bars.</summary>
public sealed record LightGbmParameters
{
    public int NumberOfIterations { get; init; } = 100;

    public int NumberOfLeaves { get; init; } = 15;

    public double LearningRate { get; init; } = 0.05;

    public int MinimumExampleCountPerLeaf { get; init; } = 20;

    /// <summary>Seed; training runs on one thread with LightGBM's deterministic mode, so a seed gives one model.</summary>
    public int Seed { get; init; } = 1;
}
