using System.Runtime.InteropServices;

namespace LowLatencyFeed.Core.Events;

/// <summary>
/// Optional facts a producer attaches to a depth slab next to its levels (for example the Binance diff's
/// first and last update ids). Written by the producer between <see cref="DepthSlabPool.Claim()"/> and publishing
/// the event; read by consumers while they process that event.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct DepthSlabMetadata
{
    /// <summary>First exchange update id covered by the levels (Binance <c>U</c>), 0 when none.</summary>
    public long FirstUpdateId;

    /// <summary>Last exchange update id covered by the levels (Binance <c>u</c>), 0 when none.</summary>
    public long LastUpdateId;

    /// <summary>Feed-specific value (Dhan 20-level message sequence, Kotak depth level), 0 when none.</summary>
    public long Tag;
}
