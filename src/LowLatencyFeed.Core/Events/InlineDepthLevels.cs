using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Core.Events;

/// <summary>Ten inline levels: bids first (best first), then asks (best first), split by the payload's counts.</summary>
[InlineArray(Capacity)]
public struct InlineDepthLevels
{
    /// <summary>Levels that fit a slot: 5 bids + 5 asks, the depth Kite and Dhan send in full mode.</summary>
    public const int Capacity = 10;

    private DepthLevel _first;
}
