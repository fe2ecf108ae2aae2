namespace LowLatencyFeed.Host.Configuration;

/// <summary>CPU pinning of consumer threads. Off by default; cores beyond the machine are refused with a warning.</summary>
public sealed class PinningOptions
{
    /// <summary>Whether to pin at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>Consumer name (journal, bars, books, db-stager) → core index.</summary>
    public Dictionary<string, int> Cores { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
