namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// A tick as the official .NET client (KiteConnect) models it: a struct with decimal prices, nullable DateTimes and
/// the depth as two arrays of <see cref="KiteTypicalDepthItem"/> structs. The baseline's output type.
/// </summary>
public struct KiteTypicalTick
{
    public string Mode { get; set; }

    public uint InstrumentToken { get; set; }

    public bool Tradable { get; set; }

    public decimal LastPrice { get; set; }

    public uint LastQuantity { get; set; }

    public decimal AveragePrice { get; set; }

    public uint Volume { get; set; }

    public uint BuyQuantity { get; set; }

    public uint SellQuantity { get; set; }

    public decimal Open { get; set; }

    public decimal High { get; set; }

    public decimal Low { get; set; }

    public decimal Close { get; set; }

    public decimal Change { get; set; }

    public DateTime? LastTradeTime { get; set; }

    public uint OI { get; set; }

    public uint OIDayHigh { get; set; }

    public uint OIDayLow { get; set; }

    public DateTime? Timestamp { get; set; }

    public KiteTypicalDepthItem[]? Bids { get; set; }

    public KiteTypicalDepthItem[]? Offers { get; set; }
}
