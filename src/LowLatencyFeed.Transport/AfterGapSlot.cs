using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Transport;

/// <summary>
/// Heap state behind <see cref="SessionSink{TSink}"/>: whether the next market event follows a reconnect, and the
/// scratch slot that event is decoded into so <see cref="EventFlags.AfterGap"/> can be added before it is published.
/// A class so the sink struct can hand out a reference to the scratch slot.
/// </summary>
internal sealed class AfterGapSlot
{
    /// <summary>The decoder writes the next event here while <see cref="Armed"/>.</summary>
    public MarketEvent Scratch;

    /// <summary>True from a reconnect until the first market event has been flagged.</summary>
    public bool Armed;
}
