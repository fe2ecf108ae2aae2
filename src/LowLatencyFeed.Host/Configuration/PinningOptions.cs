namespace LowLatencyFeed.Host.Configuration;

/// <summary>CPU pinning of consumer threads. Off by default; cores beyond the machine are refused with a warning.</summary>
public sealed class PinningOptions
{
    /// <summary>Whether to pin at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// A core map file (see native-config/cpu-map.json) whose "Pinning" section replaces this one; relative paths are
    /// resolved against the config file's folder.
    /// </summary>
    public string? CoreMapFile { get; set; }

    /// <summary>Consumer name (journal, bars, books, db-stager, stream, bus, derived-stager, derived-stream) → core index.</summary>
    public Dictionary<string, int> Cores { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
