namespace LowLatencyFeed.Processing.Common;

/// <summary>Why a builder ignored an input event. Each is counted; the first of each kind is logged.</summary>
public enum RejectReason : byte
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>A trade quantity or cumulative volume below zero.</summary>
    NegativeQuantity = 1,

    /// <summary>An instrument's price or quantity decimals differ from the first event seen for it (mixing scales would corrupt sums).</summary>
    DecimalsChanged = 2,

    /// <summary>Inline depth counts exceed the ten inline levels.</summary>
    InlineDepthTooLarge = 3,

    /// <summary>A depth event references a slab but the builder has no <see cref="Core.Events.DepthSlabPool"/>, or the counts exceed the slab.</summary>
    SlabUnavailable = 4,

    /// <summary>A depth update kind this version does not know.</summary>
    UnknownUpdateKind = 5,

    /// <summary>A bar whose high is below its low (indicator engine).</summary>
    BarHighBelowLow = 6,

    /// <summary>A bar with a negative volume (indicator engine).</summary>
    NegativeBarVolume = 7,
}
