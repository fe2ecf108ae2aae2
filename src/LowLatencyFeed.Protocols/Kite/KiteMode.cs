namespace LowLatencyFeed.Protocols.Kite;

/// <summary>Kite streaming modes; each selects the packet size the server sends for an instrument.</summary>
public enum KiteMode : byte
{
    /// <summary>Last price only: 8-byte packets.</summary>
    Ltp = 0,

    /// <summary>Quote without depth: 44-byte packets (28 for indices). The mode a plain subscribe gets.</summary>
    Quote = 1,

    /// <summary>Quote, open interest, timestamps and 5+5 depth: 184-byte packets (32 for indices).</summary>
    Full = 2,
}
