namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>Dhan exchange segments: the binary byte of packet headers; JSON requests use the names (Dhan/README.md §2).</summary>
public enum DhanExchangeSegment : byte
{
    /// <summary><c>IDX_I</c>: index values.</summary>
    IdxI = 0,

    /// <summary><c>NSE_EQ</c>.</summary>
    NseEq = 1,

    /// <summary><c>NSE_FNO</c>.</summary>
    NseFno = 2,

    /// <summary><c>NSE_CURRENCY</c>.</summary>
    NseCurrency = 3,

    /// <summary><c>BSE_EQ</c>.</summary>
    BseEq = 4,

    /// <summary><c>MCX_COMM</c>.</summary>
    McxComm = 5,

    /// <summary><c>BSE_CURRENCY</c>.</summary>
    BseCurrency = 7,

    /// <summary><c>BSE_FNO</c>.</summary>
    BseFno = 8,
}
