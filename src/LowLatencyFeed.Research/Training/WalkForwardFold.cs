namespace LowLatencyFeed.Research.Training;

/// <summary>One walk-forward fold: sample indices (into the time-ordered dataset) to train and to test on.</summary>
public sealed record WalkForwardFold(int Number, int[] Train, int[] Test, int Purged, long TestFromNs, long TestToNs);
