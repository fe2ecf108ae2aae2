using System.Runtime.InteropServices;

namespace LowLatencyFeed.Core.Events;

/// <summary>One price level of a book. Packed to 20 bytes so ten levels fit inline in a ring slot.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct DepthLevel
{
    /// <summary>Price mantissa.</summary>
    public long Price;

    /// <summary>Quantity at the level (0 in a diff removes the level).</summary>
    public long Quantity;

    /// <summary>Number of orders, 0 when the feed does not send it.</summary>
    public int Orders;

    /// <summary>Creates a level.</summary>
    public DepthLevel(long price, long quantity, int orders)
    {
        Price = price;
        Quantity = quantity;
        Orders = orders;
    }
}
