namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>Byte offsets of the 20/200-level depth feed packets (Dhan/README.md §6.3–§6.5; the header puts the length first).</summary>
public static class DhanDepthLayout
{
    /// <summary>Depth response header length.</summary>
    public const int HeaderLength = 12;

    /// <summary>Offset of the uint16 packet length (whole packet, header included).</summary>
    public const int Length = 0;

    /// <summary>Offset of the response code (41 bid, 51 ask, 50 disconnect).</summary>
    public const int Code = 2;

    /// <summary>Offset of the exchange segment byte.</summary>
    public const int Segment = 3;

    /// <summary>Offset of the uint32 security id.</summary>
    public const int SecurityId = 4;

    /// <summary>Offset of the uint32 message sequence (20-level) or row count (200-level).</summary>
    public const int SequenceOrRows = 8;

    /// <summary>One row: float64 price, uint32 quantity, uint32 orders.</summary>
    public const int RowLength = 16;

    /// <summary>Row: float64 price.</summary>
    public const int RowPrice = 0;

    /// <summary>Row: uint32 quantity.</summary>
    public const int RowQuantity = 8;

    /// <summary>Row: uint32 orders.</summary>
    public const int RowOrders = 12;

    /// <summary>Rows of a 20-level side packet.</summary>
    public const int Rows20 = 20;

    /// <summary>Most rows of a 200-level side packet.</summary>
    public const int MaxRows200 = 200;

    /// <summary>A 20-level side packet: 12 + 20 × 16.</summary>
    public const int Side20Length = HeaderLength + (Rows20 * RowLength);

    /// <summary>Disconnect packet as documented: header plus an int16 reason at offset 12.</summary>
    public const int DisconnectLength = 14;

    /// <summary>Disconnect: int16 reason code (when the packet is at least 14 bytes; otherwise the uint32 at 8).</summary>
    public const int DisconnectReason = 12;
}
