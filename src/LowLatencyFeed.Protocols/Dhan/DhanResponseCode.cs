namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>Feed response codes: byte 0 of a main-feed packet, byte 2 of a depth-feed packet (Dhan/README.md §3, §6.3).</summary>
public enum DhanResponseCode : byte
{
    /// <summary>Heartbeat / acknowledgement: ignored.</summary>
    None = 0,

    /// <summary>Index packet (layout unpublished; decoded as a ticker when 16 bytes long).</summary>
    Index = 1,

    /// <summary>Ticker: LTP and last trade time, 16 bytes.</summary>
    Ticker = 2,

    /// <summary>v1 market depth: LTP and 5 levels, 112 bytes.</summary>
    MarketDepth = 3,

    /// <summary>Quote, 50 bytes.</summary>
    Quote = 4,

    /// <summary>Open interest, 12 bytes.</summary>
    OpenInterest = 5,

    /// <summary>Previous close and previous open interest, 16 bytes.</summary>
    PrevClose = 6,

    /// <summary>Market status (body unpublished).</summary>
    MarketStatus = 7,

    /// <summary>Full: quote, open interest and 5 levels, 162 bytes.</summary>
    Full = 8,

    /// <summary>Depth feeds: one bid side.</summary>
    DepthBid = 41,

    /// <summary>Feed disconnect with a reason code.</summary>
    Disconnect = 50,

    /// <summary>Depth feeds: one ask side.</summary>
    DepthAsk = 51,
}
