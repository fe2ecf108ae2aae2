namespace LowLatencyFeed.Research.Scoring;

/// <summary>A model that does not fit the running host (its features or timeframe differ); the message names the difference.</summary>
public sealed class ModelMismatchException(string message) : Exception(message);
