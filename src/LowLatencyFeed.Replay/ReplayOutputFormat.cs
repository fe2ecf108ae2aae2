namespace LowLatencyFeed.Replay;

/// <summary>File format of replay outputs.</summary>
public enum ReplayOutputFormat
{
    /// <summary>Comma-separated with a header row.</summary>
    Csv = 0,

    /// <summary>One JSON object per line.</summary>
    Jsonl = 1,
}
