namespace LowLatencyFeed.Research.Training;

/// <summary>A replay range too small for the requested folds; the message names the fold and the counts.</summary>
public sealed class TooFewSamplesException(string message) : Exception(message);
