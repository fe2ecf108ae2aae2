using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Processing.Derived;

/// <summary>Up to <see cref="Capacity"/> imbalance windows inline in a metrics sample.</summary>
[InlineArray(Capacity)]
public struct ImbalanceWindows
{
    /// <summary>Most windows a sample carries (top 1, 5, 20 and all by default).</summary>
    public const int Capacity = 4;

    private ImbalanceWindow _first;
}
