namespace LowLatencyFeed.Host.Soak;

/// <summary>What <c>llfeed soak</c> does: rate, protocols, how many host kills and database outages, and their pacing.</summary>
public sealed record SoakOptions
{
    /// <summary>Simulated messages per second across all feeds. Default 20,000.</summary>
    public double Rate { get; init; } = 20_000;

    /// <summary>Feeds run at once (protocol names). Default Kite, Dhan and Kotak SFeed.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = ["kite", "dhan", "kotak"];

    /// <summary>SIGKILLs of the host process, each followed by a restart. Default 20.</summary>
    public int Kills { get; init; } = 20;

    /// <summary>Database outages (<c>pg_ctl stop -m immediate</c>, wait, start) while the host runs. Default 20.</summary>
    public int Outages { get; init; } = 20;

    /// <summary>How long the host runs between two cycles. Default 2 s.</summary>
    public TimeSpan RunBetweenCycles { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the database stays down per outage. Default 2 s.</summary>
    public TimeSpan OutageLength { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether the host derives imbalance signals (<c>Processing:SignalsEnabled</c>). Default true.</summary>
    public bool Signals { get; init; } = true;

    /// <summary>Simulator seed. Default 42.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Working directory (journal, cluster, config); a new temp directory when null, deleted at the end unless kept.</summary>
    public string? Directory { get; init; }

    /// <summary>Keep the working directory afterwards.</summary>
    public bool Keep { get; init; }

    /// <summary>Longest wait for anything (the host starting, committing, catching up, stopping). Default 120 s.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(120);
}
