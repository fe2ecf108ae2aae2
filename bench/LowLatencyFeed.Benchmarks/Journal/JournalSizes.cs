namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>Byte counts of the benchmark data set as journaled.</summary>
/// <param name="Events">Events in the data set.</param>
/// <param name="RawBytes">Encoded record bytes before compression.</param>
/// <param name="UncompressedStoredBytes">Bytes written without compression (records plus block headers).</param>
/// <param name="Lz4StoredBytes">Bytes written with LZ4 (compressed records plus block headers).</param>
internal readonly record struct JournalSizes(long Events, long RawBytes, long UncompressedStoredBytes, long Lz4StoredBytes)
{
    /// <summary>Stored bytes of the journal a benchmark method works on (LZ4 when its name says so).</summary>
    public long StoredBytes(string method) => method.Contains("Lz4", StringComparison.Ordinal) ? Lz4StoredBytes : UncompressedStoredBytes;
}
