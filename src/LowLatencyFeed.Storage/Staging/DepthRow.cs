using System.Runtime.InteropServices;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>A staged book level: 48 bytes, so a 200-level event stages 9.6 KB per side.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct DepthRow
{
    /// <summary>Exchange time of the event, Unix ns.</summary>
    public long TimeNs;

    /// <summary>Instrument id value.</summary>
    public long Instrument;

    /// <summary>Journal sequence of the event.</summary>
    public long Sequence;

    /// <summary>Price mantissa.</summary>
    public long Price;

    /// <summary>Quantity mantissa.</summary>
    public long Quantity;

    /// <summary>Orders at the level.</summary>
    public int Orders;

    /// <summary>1 = best.</summary>
    public short Level;

    /// <summary>0 bid, 1 ask.</summary>
    public byte Side;

    /// <summary><see cref="Core.Events.DepthUpdateKind"/>.</summary>
    public byte UpdateKind;

    /// <summary>Price scale.</summary>
    public byte PriceDecimals;

    /// <summary>Quantity scale.</summary>
    public byte QuantityDecimals;
}
