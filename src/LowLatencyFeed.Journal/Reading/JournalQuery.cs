using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Journal.Reading;

/// <summary>Which events a <see cref="JournalCursor"/> yields. Every bound is optional; the default reads everything.</summary>
public sealed class JournalQuery
{
    /// <summary>Everything.</summary>
    public static JournalQuery All { get; } = new();

    /// <summary>First sequence to yield (inclusive).</summary>
    public long FromSequence { get; init; } = long.MinValue;

    /// <summary>Last sequence to yield (inclusive).</summary>
    public long ToSequence { get; init; } = long.MaxValue;

    /// <summary>Earliest event time (<see cref="Format.JournalFormat.EventTime"/>), Unix ns, inclusive.</summary>
    public long FromTimeNs { get; init; } = long.MinValue;

    /// <summary>Event time bound, Unix ns, exclusive.</summary>
    public long ToTimeNs { get; init; } = long.MaxValue;

    /// <summary>
    /// Instruments to keep; null or empty keeps all. Control and clock events are kept regardless (unless
    /// <see cref="FilterControlEvents"/>), because consumers need gaps, resyncs and time heartbeats to reproduce live.
    /// </summary>
    public IReadOnlyCollection<InstrumentId>? Instruments { get; init; }

    /// <summary>Apply <see cref="Instruments"/> to control and clock events too.</summary>
    public bool FilterControlEvents { get; init; }
}
