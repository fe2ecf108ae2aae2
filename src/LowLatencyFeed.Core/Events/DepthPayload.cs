using System.Runtime.InteropServices;

namespace LowLatencyFeed.Core.Events;

/// <summary>
/// A book update. Up to <see cref="InlineDepthLevels.Capacity"/> levels travel inline; deeper books
/// (20/200 levels, large diffs) live in a <c>DepthSlab</c> referenced by <see cref="SlabIndex"/> so that slots stay 256 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct DepthPayload
{
    /// <summary>Snapshot, one-side snapshot or diff.</summary>
    public DepthUpdateKind UpdateKind;

    /// <summary>Reserved, keeps the counts aligned.</summary>
    public byte Reserved;

    /// <summary>Number of bid levels (inline: first; slab: first).</summary>
    public ushort BidCount;

    /// <summary>Number of ask levels, stored after the bids.</summary>
    public ushort AskCount;

    /// <summary>Reserved.</summary>
    public ushort Reserved2;

    /// <summary>-1 when the levels are inline; otherwise the slab holding them.</summary>
    public int SlabIndex;

    /// <summary>Bids then asks, when <see cref="SlabIndex"/> is -1.</summary>
    public InlineDepthLevels Levels;
}
