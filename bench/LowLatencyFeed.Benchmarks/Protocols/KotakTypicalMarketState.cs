namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The market fields both typical Kotak clients hand on — the SFeed packet (<see cref="KotakTypicalPacket"/>) and the
/// HSM record's merged state (<see cref="KotakHsmTypicalUpdate"/>): typed properties, decimal prices, a list per depth side.
/// </summary>
public abstract class KotakTypicalMarketState
{
    public decimal LastPrice { get; set; }
    public long LastQuantity { get; set; }
    public DateTime LastTradeTime { get; set; }
    public decimal AveragePrice { get; set; }
    public long Volume { get; set; }
    public long TotalBuyQuantity { get; set; }
    public long TotalSellQuantity { get; set; }
    public long OpenInterest { get; set; }
    public decimal Open { get; set; }
    public decimal High { get; set; }
    public decimal Low { get; set; }
    public decimal Close { get; set; }
    public List<KotakTypicalLevel> Bids { get; } = [];
    public List<KotakTypicalLevel> Asks { get; } = [];

    /// <summary>Depth rows as (price, quantity, orders), the form the benchmarks' setup checks compare (<see cref="BaselineCheck.Levels"/>).</summary>
    internal static List<(decimal Price, long Quantity, int Orders)> Rows(List<KotakTypicalLevel> levels) =>
        [.. levels.Select(level => (level.Price, level.Quantity, level.Orders))];
}
