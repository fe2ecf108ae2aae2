namespace LowLatencyFeed.Journal.Format;

/// <summary>Where a journaled depth event's levels lived when it was written.</summary>
public enum DepthLevelSource : byte
{
    /// <summary>Inline in the slot (<see cref="Core.Events.DepthPayload.SlabIndex"/> -1).</summary>
    Inline = 0,

    /// <summary>In a depth slab; the record carries the slab's metadata, bids and asks inline so the journal is self-contained.</summary>
    Slab = 1,

    /// <summary>As <see cref="Inline"/>, levels stored narrow (10 bytes: price delta and quantity in 32 bits, orders in 16).</summary>
    InlineNarrow = 2,

    /// <summary>As <see cref="Slab"/>, levels stored narrow.</summary>
    SlabNarrow = 3,
}
