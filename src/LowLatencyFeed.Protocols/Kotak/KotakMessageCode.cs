namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>SFeed binary <c>message_code</c> values (Kotak/README.md §8.2). Codes not listed are routed by the header's level.</summary>
public enum KotakMessageCode : ushort
{
    /// <summary>Closing-auction (CAS) update (openalgo only); counted, no event.</summary>
    ClosingAuction = 104,

    /// <summary>Exchange market status, 16 bytes.</summary>
    MarketStatus = 105,

    /// <summary>Market open (header only).</summary>
    MarketOpen = 6511,

    /// <summary>Market close (header only).</summary>
    MarketClose = 6521,

    /// <summary>Index packet, 87 bytes.</summary>
    Index = 7207,

    /// <summary>Market picture (levels 2/4/8/16); the usual code for scrip packets.</summary>
    MarketPicture = 7208,
}
