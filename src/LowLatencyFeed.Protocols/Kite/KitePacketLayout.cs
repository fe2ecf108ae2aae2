namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Sizes and offsets of the Kite v3 binary ticker (Kite/README.md §4–§5). All integers are big-endian; the packet length alone
/// says what a packet is.
/// </summary>
public static class KitePacketLayout
{
    /// <summary>Bytes of the frame's packet count, and of each packet's length prefix.</summary>
    public const int PrefixLength = 2;

    /// <summary>LTP packet (any segment).</summary>
    public const int LtpLength = 8;

    /// <summary>Index quote packet.</summary>
    public const int IndexQuoteLength = 28;

    /// <summary>Index full packet (index quote + exchange timestamp).</summary>
    public const int IndexFullLength = 32;

    /// <summary>Tradable quote packet.</summary>
    public const int QuoteLength = 44;

    /// <summary>Tradable full packet with 5+5 depth.</summary>
    public const int FullLength = 184;

    /// <summary>The longest packet we decode; the size of the scratch buffer for packets straddling segments.</summary>
    public const int MaxLength = FullLength;

    /// <summary>Size of one depth entry: quantity, price, orders (2 bytes) and 2 bytes of padding.</summary>
    public const int DepthEntryLength = 12;

    /// <summary>Depth entries per side in a full packet.</summary>
    public const int DepthLevelsPerSide = 5;

    internal const int Token = 0;
    internal const int LastPrice = 4;

    internal const int LastQuantity = 8;
    internal const int AveragePrice = 12;
    internal const int Volume = 16;
    internal const int TotalBuyQuantity = 20;
    internal const int TotalSellQuantity = 24;
    internal const int Open = 28;
    internal const int High = 32;
    internal const int Low = 36;
    internal const int Close = 40;
    internal const int LastTradeTime = 44;
    internal const int OpenInterest = 48;
    internal const int OpenInterestDayHigh = 52;
    internal const int OpenInterestDayLow = 56;
    internal const int ExchangeTimestamp = 60;
    internal const int Depth = 64;
    internal const int DepthQuantity = 0;
    internal const int DepthPrice = 4;
    internal const int DepthOrders = 8;

    internal const int IndexHigh = 8;
    internal const int IndexLow = 12;
    internal const int IndexOpen = 16;
    internal const int IndexClose = 20;
    internal const int IndexChange = 24;
    internal const int IndexExchangeTimestamp = 28;

    /// <summary>True for the five packet lengths Kite v3 defines.</summary>
    public static bool IsKnownLength(int length) =>
        length is LtpLength or IndexQuoteLength or IndexFullLength or QuoteLength or FullLength;
}
