using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Journal.Reading;

/// <summary>Options of a <see cref="JournalReader"/>.</summary>
public sealed class JournalReaderOptions
{
    /// <summary>Called for every problem found (damaged block, missing segment, other version...). Reading continues.</summary>
    public Action<JournalIssue>? OnIssue { get; init; }

    /// <summary>
    /// Pool that receives the levels of journaled slab depth events (the event's <see cref="DepthPayload.SlabIndex"/>
    /// then points into it). Pass the pool the consumers read from, with a gate when events go through a ring.
    /// Null: the cursor uses a private one-slab pool, valid until the next <see cref="JournalCursor.MoveNext"/>.
    /// </summary>
    public DepthSlabPool? DepthSlabs { get; init; }
}
