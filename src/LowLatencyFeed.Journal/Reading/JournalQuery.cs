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

    /// <summary>
    /// Splits the journal by instrument into this many partitions (1: no split). A cursor yields only the instruments
    /// whose <see cref="PartitionOf"/> is <see cref="PartitionIndex"/>, plus every control and clock event; it passes over
    /// the other records without decoding them. Each instrument is in exactly one partition, its events in order.
    /// </summary>
    public int PartitionCount { get; init; } = 1;

    /// <summary>The partition this cursor yields, 0 to <see cref="PartitionCount"/> − 1.</summary>
    public int PartitionIndex { get; init; }

    /// <summary>The partition of <paramref name="instrument"/> among <paramref name="count"/> (a multiplicative hash, so tokens that step evenly still spread).</summary>
    public static int PartitionOf(long instrument, int count)
        => count <= 1 ? 0 : (int)(((ulong)instrument * 0x9E3779B97F4A7C15ul >> 32) % (uint)count);
}
