namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>Byte offsets and sizes of the main-feed packets (Dhan/README.md §3–§4, 0-based, little-endian).</summary>
public static class DhanPacketLayout
{
    /// <summary>Response header: code, length, segment, security id.</summary>
    public const int HeaderLength = 8;

    /// <summary>Offset of the response code.</summary>
    public const int Code = 0;

    /// <summary>Offset of the uint16 packet length (whole packet, header included).</summary>
    public const int Length = 1;

    /// <summary>Offset of the exchange segment byte.</summary>
    public const int Segment = 3;

    /// <summary>Offset of the uint32 security id.</summary>
    public const int SecurityId = 4;

    /// <summary>Ticker / index / previous close packet length.</summary>
    public const int TickerLength = 16;

    /// <summary>Quote packet length.</summary>
    public const int QuoteLength = 50;

    /// <summary>Open interest packet length.</summary>
    public const int OpenInterestLength = 12;

    /// <summary>v1 market depth packet length.</summary>
    public const int MarketDepthLength = 112;

    /// <summary>Full packet length.</summary>
    public const int FullLength = 162;

    /// <summary>Disconnect packet length.</summary>
    public const int DisconnectLength = 10;

    /// <summary>Longest packet the decoder understands.</summary>
    public const int MaxKnownLength = FullLength;

    /// <summary>Ticker: float32 LTP (also previous close value, index value).</summary>
    public const int TickerPrice = 8;

    /// <summary>Ticker: int32 last trade time, epoch seconds (previous close: int32 previous OI).</summary>
    public const int TickerTime = 12;

    /// <summary>Open interest packet: uint32 OI.</summary>
    public const int OpenInterest = 8;

    /// <summary>Disconnect packet: int16 reason code.</summary>
    public const int DisconnectReason = 8;

    /// <summary>Quote/Full: float32 LTP.</summary>
    public const int LastPrice = 8;

    /// <summary>Quote/Full: uint16 last traded quantity.</summary>
    public const int LastQuantity = 12;

    /// <summary>Quote/Full: int32 last trade time (epoch seconds).</summary>
    public const int LastTradeTime = 14;

    /// <summary>Quote/Full: float32 average trade price.</summary>
    public const int AveragePrice = 18;

    /// <summary>Quote/Full: uint32 volume.</summary>
    public const int Volume = 22;

    /// <summary>Quote/Full: uint32 total sell quantity (sell comes first).</summary>
    public const int TotalSellQuantity = 26;

    /// <summary>Quote/Full: uint32 total buy quantity.</summary>
    public const int TotalBuyQuantity = 30;

    /// <summary>Quote: float32 day open.</summary>
    public const int QuoteOpen = 34;

    /// <summary>Quote: float32 day close (populated after market close only).</summary>
    public const int QuoteClose = 38;

    /// <summary>Quote: float32 day high.</summary>
    public const int QuoteHigh = 42;

    /// <summary>Quote: float32 day low.</summary>
    public const int QuoteLow = 46;

    /// <summary>Full: uint32 open interest.</summary>
    public const int FullOpenInterest = 34;

    /// <summary>Full: uint32 day highest OI.</summary>
    public const int FullOpenInterestHigh = 38;

    /// <summary>Full: uint32 day lowest OI.</summary>
    public const int FullOpenInterestLow = 42;

    /// <summary>Full: float32 day open.</summary>
    public const int FullOpen = 46;

    /// <summary>Full: float32 day close (post-close only).</summary>
    public const int FullClose = 50;

    /// <summary>Full: float32 day high.</summary>
    public const int FullHigh = 54;

    /// <summary>Full: float32 day low.</summary>
    public const int FullLow = 58;

    /// <summary>Full: first of five 20-byte depth records.</summary>
    public const int FullDepth = 62;

    /// <summary>v1 market depth: first of five depth records (after the float32 LTP at 8).</summary>
    public const int MarketDepthLevels = 12;

    /// <summary>Depth records per packet.</summary>
    public const int DepthLevels = 5;

    /// <summary>Size of one interleaved bid/ask depth record.</summary>
    public const int DepthRecordLength = 20;

    /// <summary>Record: uint32 bid quantity.</summary>
    public const int RecordBidQuantity = 0;

    /// <summary>Record: uint32 ask quantity.</summary>
    public const int RecordAskQuantity = 4;

    /// <summary>Record: uint16 bid orders.</summary>
    public const int RecordBidOrders = 8;

    /// <summary>Record: uint16 ask orders.</summary>
    public const int RecordAskOrders = 10;

    /// <summary>Record: float32 bid price.</summary>
    public const int RecordBidPrice = 12;

    /// <summary>Record: float32 ask price.</summary>
    public const int RecordAskPrice = 16;
}
