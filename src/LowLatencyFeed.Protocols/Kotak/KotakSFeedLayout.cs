namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>Byte offsets of SFeed binary packets (Kotak/README.md §8; 0-based, little-endian, packed).</summary>
public static class KotakSFeedLayout
{
    /// <summary>Header: length, code, exchange id, level, auction flag, sequence, bitmask length.</summary>
    public const int HeaderLength = 9;

    /// <summary>uint16 packet length (whole packet).</summary>
    public const int Length = 0;

    /// <summary>uint16 message code.</summary>
    public const int Code = 2;

    /// <summary>int8 exchange id.</summary>
    public const int ExchangeId = 4;

    /// <summary>uint8 level.</summary>
    public const int Level = 5;

    /// <summary>uint8 auction flag (&gt;0 = auction).</summary>
    public const int AuctionFlag = 6;

    /// <summary>uint8 sequence number.</summary>
    public const int SequenceNumber = 7;

    /// <summary>uint8 bitmask length (ignored).</summary>
    public const int BitmaskLength = 8;

    /// <summary>uint32 token, first body field of scrip and index packets.</summary>
    public const int Token = 9;

    // Market picture (levels 2/4/8/16).

    /// <summary>Fixed part of a market picture; depth rows follow.</summary>
    public const int MarketPictureLength = 144;

    /// <summary>int64 total buy quantity.</summary>
    public const int TotalBuyQuantity = 13;

    /// <summary>int64 total sell quantity.</summary>
    public const int TotalSellQuantity = 21;

    /// <summary>int64 volume traded today.</summary>
    public const int Volume = 29;

    /// <summary>int64 last trade time.</summary>
    public const int LastTradeTime = 37;

    /// <summary>int64 last update time (negative = never).</summary>
    public const int LastUpdateTime = 45;

    /// <summary>uint32 open.</summary>
    public const int Open = 53;

    /// <summary>uint32 close (previous close).</summary>
    public const int Close = 57;

    /// <summary>uint32 high.</summary>
    public const int High = 61;

    /// <summary>uint32 low.</summary>
    public const int Low = 65;

    /// <summary>uint32 last traded price.</summary>
    public const int LastPrice = 69;

    /// <summary>int64 last trade quantity.</summary>
    public const int LastQuantity = 73;

    /// <summary>uint32 average trade price.</summary>
    public const int AveragePrice = 81;

    /// <summary>uint32 indicative close.</summary>
    public const int IndicativeClose = 85;

    /// <summary>uint32 buy rows.</summary>
    public const int BuyDepthCount = 89;

    /// <summary>uint32 sell rows.</summary>
    public const int SellDepthCount = 93;

    /// <summary>int16 trading status.</summary>
    public const int TradingStatus = 97;

    /// <summary>int32 net change percent × 100.</summary>
    public const int NetChangePercent = 99;

    /// <summary>uint32 open interest.</summary>
    public const int OpenInterest = 103;

    /// <summary>float64 total traded value.</summary>
    public const int TotalTradedValue = 107;

    /// <summary>int32 net change.</summary>
    public const int NetChange = 115;

    /// <summary>uint32 upper circuit.</summary>
    public const int UpperCircuit = 119;

    /// <summary>uint32 lower circuit.</summary>
    public const int LowerCircuit = 123;

    /// <summary>uint32 52-week high.</summary>
    public const int YearlyHigh = 127;

    /// <summary>uint32 52-week low.</summary>
    public const int YearlyLow = 131;

    /// <summary>uint32 market lot.</summary>
    public const int MarketLot = 135;

    /// <summary>uint8 precision.</summary>
    public const int Precision = 139;

    /// <summary>uint32 multiplier.</summary>
    public const int Multiplier = 140;

    /// <summary>First depth row: buy rows, then sell rows.</summary>
    public const int Rows = 144;

    /// <summary>Row: int64 quantity, int32 price, int32 orders.</summary>
    public const int RowLength = 16;

    /// <summary>Row: int64 quantity.</summary>
    public const int RowQuantity = 0;

    /// <summary>Row: int32 price.</summary>
    public const int RowPrice = 8;

    /// <summary>Row: int32 orders.</summary>
    public const int RowOrders = 12;

    // Mini touch line (level 1).

    /// <summary>Mini touch line length.</summary>
    public const int MiniLength = 54;

    /// <summary>int64 last trade time.</summary>
    public const int MiniLastTradeTime = 13;

    /// <summary>uint32 LTP.</summary>
    public const int MiniLastPrice = 21;

    /// <summary>int64 LTQ.</summary>
    public const int MiniLastQuantity = 25;

    /// <summary>uint32 close.</summary>
    public const int MiniClose = 33;

    /// <summary>int32 net change percent × 100.</summary>
    public const int MiniNetChangePercent = 37;

    /// <summary>int32 net change.</summary>
    public const int MiniNetChange = 41;

    /// <summary>uint32 market lot.</summary>
    public const int MiniMarketLot = 45;

    /// <summary>uint8 precision.</summary>
    public const int MiniPrecision = 49;

    /// <summary>uint32 multiplier.</summary>
    public const int MiniMultiplier = 50;

    // Index (code 7207).

    /// <summary>Index packet length.</summary>
    public const int IndexLength = 87;

    /// <summary>int32 open.</summary>
    public const int IndexOpen = 13;

    /// <summary>int32 close.</summary>
    public const int IndexClose = 17;

    /// <summary>int32 high.</summary>
    public const int IndexHigh = 21;

    /// <summary>int32 low.</summary>
    public const int IndexLow = 25;

    /// <summary>int32 index value.</summary>
    public const int IndexValue = 29;

    /// <summary>uint64 last trade time.</summary>
    public const int IndexLastTradeTime = 33;

    /// <summary>int32 52-week high.</summary>
    public const int IndexYearlyHigh = 41;

    /// <summary>int32 52-week low.</summary>
    public const int IndexYearlyLow = 45;

    /// <summary>int32 net change percent × 100.</summary>
    public const int IndexNetChangePercent = 49;

    /// <summary>float64 market cap.</summary>
    public const int IndexMarketCap = 53;

    /// <summary>uint8 precision.</summary>
    public const int IndexPrecision = 61;

    /// <summary>int32 multiplier.</summary>
    public const int IndexMultiplier = 62;

    /// <summary>char[21] name, NUL padded.</summary>
    public const int IndexName = 66;

    /// <summary>Name field size.</summary>
    public const int IndexNameLength = 21;

    // Market status (code 105).

    /// <summary>Market status length.</summary>
    public const int StatusLength = 16;

    /// <summary>uint16 status code.</summary>
    public const int StatusCode = 9;

    /// <summary>char[5] status text.</summary>
    public const int StatusText = 11;
}
