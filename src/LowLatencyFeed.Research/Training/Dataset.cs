namespace LowLatencyFeed.Research.Training;

/// <summary>Labelled samples in decision-time order, with the feature names of their columns.</summary>
public sealed record Dataset(IReadOnlyList<string> FeatureNames, IReadOnlyList<Sample> Samples, long EventsRead, long UnresolvedRows);
