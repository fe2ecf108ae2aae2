using System.Globalization;
using System.Text.Json;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The way most Binance clients decode a stream message: <see cref="JsonSerializer"/> into a class per payload, then
/// <see cref="decimal.Parse(string, IFormatProvider)"/> of each price and quantity string.
/// </summary>
public static class BinanceTypicalClient
{
    private static readonly JsonSerializerOptions s_options = new();

    /// <summary>Deserializes <paramref name="json"/> as <paramref name="kind"/> and sums its decimals (keeps the work observable).</summary>
    public static decimal Parse(byte[] json, string kind)
    {
        switch (kind)
        {
            case "Trade":
            case "AggTrade":
                BinanceTypicalTrade trade = JsonSerializer.Deserialize<BinanceTypicalEnvelope<BinanceTypicalTrade>>(json, s_options)!.Data!;
                return Decimal(trade.Price) + Decimal(trade.Quantity);
            case "BookTicker":
                BinanceTypicalBookTicker ticker = JsonSerializer.Deserialize<BinanceTypicalEnvelope<BinanceTypicalBookTicker>>(json, s_options)!.Data!;
                return Decimal(ticker.BidPrice) + Decimal(ticker.BidQuantity) + Decimal(ticker.AskPrice) + Decimal(ticker.AskQuantity);
            default:
                BinanceTypicalDepth depth = JsonSerializer.Deserialize<BinanceTypicalEnvelope<BinanceTypicalDepth>>(json, s_options)!.Data!;
                return Levels(depth.Bids ?? depth.PartialBids) + Levels(depth.Asks ?? depth.PartialAsks);
        }
    }

    private static decimal Levels(List<List<string>>? levels)
    {
        decimal sum = 0;
        if (levels is not null)
        {
            foreach (List<string> level in levels)
            {
                sum += Decimal(level[0]) + Decimal(level[1]);
            }
        }

        return sum;
    }

    private static decimal Decimal(string? text) => decimal.Parse(text!, CultureInfo.InvariantCulture);
}
