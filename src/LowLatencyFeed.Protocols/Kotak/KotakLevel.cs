namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>The SFeed header's <c>level</c>: how much of the market picture a scrip packet carries.</summary>
public enum KotakLevel : byte
{
    /// <summary>Mini touch line (scrips_lite), 54 bytes.</summary>
    MiniTouchLine = 1,

    /// <summary>Accepted by the SDK, unnamed: decoded as a market picture.</summary>
    Level2 = 2,

    /// <summary>Touch line (scrips): market picture plus one buy and one sell row.</summary>
    TouchLine = 4,

    /// <summary>Depth: market picture plus depth rows.</summary>
    Depth = 8,

    /// <summary>Full depth: market picture plus deeper rows.</summary>
    FullDepth = 16,
}
