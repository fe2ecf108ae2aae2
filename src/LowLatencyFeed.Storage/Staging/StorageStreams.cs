namespace LowLatencyFeed.Storage.Staging;

/// <summary>Names and facts of the <see cref="StorageStream"/>s.</summary>
public static class StorageStreams
{
    /// <summary>Number of streams.</summary>
    public const int Count = 8;

    private static readonly string[] s_tables = ["ticks", "trades", "quotes", "depth_levels_200", "bars", "book_metrics", "signals", "indicators"];

    /// <summary>The table (in schema llfeed) and checkpoint name of a stream.</summary>
    public static string TableName(StorageStream stream) => s_tables[(int)stream];

    /// <summary>True for bars, book metrics, signals and indicators, which come from the processing engines rather than straight from events.</summary>
    public static bool IsDerived(StorageStream stream) => stream >= StorageStream.Bars;
}
