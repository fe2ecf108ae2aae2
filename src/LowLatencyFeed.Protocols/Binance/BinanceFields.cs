namespace LowLatencyFeed.Protocols.Binance;

/// <summary>Which keys a parsed Binance message carried.</summary>
[Flags]
internal enum BinanceFields : uint
{
    None = 0,
    EventType = 1u << 0,
    EventTime = 1u << 1,
    TradeTime = 1u << 2,
    TradeId = 1u << 3,
    AggregateId = 1u << 4,
    FirstUpdateId = 1u << 5,
    FinalUpdateId = 1u << 6,
    LastUpdateId = 1u << 7,
    Price = 1u << 8,
    Quantity = 1u << 9,
    BidPrice = 1u << 10,
    BidQuantity = 1u << 11,
    AskPrice = 1u << 12,
    AskQuantity = 1u << 13,
    BuyerIsMaker = 1u << 14,
    BidLevels = 1u << 15,
    AskLevels = 1u << 16,
    NamedLevels = 1u << 17,
    Stream = 1u << 18,
    Data = 1u << 19,
    Result = 1u << 20,
    Id = 1u << 21,
    Code = 1u << 22,
    Message = 1u << 23,
}
