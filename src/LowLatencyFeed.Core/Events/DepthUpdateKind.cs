namespace LowLatencyFeed.Core.Events;

/// <summary>How a depth payload relates to the book it updates.</summary>
public enum DepthUpdateKind : byte
{
    /// <summary>Replaces both sides of the book (Kite/Dhan 5-level depth).</summary>
    Snapshot = 0,

    /// <summary>Replaces the bid side only (Dhan 20/200-level bid packet).</summary>
    BidSnapshot = 1,

    /// <summary>Replaces the ask side only (Dhan 20/200-level ask packet).</summary>
    AskSnapshot = 2,

    /// <summary>Sets absolute quantities per price; quantity 0 removes the level (Binance diff).</summary>
    Diff = 3,
}
