namespace LowLatencyFeed.Journal.Writing;

/// <summary>How block payloads are stored.</summary>
public enum JournalCompression
{
    /// <summary>Raw records (the benchmarks' baseline; also what a block falls back to when LZ4 would not shrink it).</summary>
    None = 0,

    /// <summary>LZ4 block compression (K4os.Compression.LZ4), the default.</summary>
    Lz4 = 1,
}
