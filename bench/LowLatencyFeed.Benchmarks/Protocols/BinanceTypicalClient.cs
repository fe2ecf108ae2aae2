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

    /// <summary>
    /// The prices and quantities of <paramref name="json"/> as mantissas at the given decimals (the benchmarks' check
    /// that every decoder reads the same values): trade price, quantity; bookTicker bid, bid quantity, ask, ask
    /// quantity; book levels' price and quantity, bids then asks.
    /// </summary>
    public static long[] Mantissas(byte[] json, string kind, int priceDecimals, int quantityDecimals)
    {
        decimal priceScale = Scale(priceDecimals);
        decimal quantityScale = Scale(quantityDecimals);
        switch (kind)
        {
            case "Trade":
            case "AggTrade":
                BinanceTypicalTrade trade = JsonSerializer.Deserialize<BinanceTypicalEnvelope<BinanceTypicalTrade>>(json, s_options)!.Data!;
                return [(long)(Decimal(trade.Price) * priceScale), (long)(Decimal(trade.Quantity) * quantityScale)];
            case "BookTicker":
                BinanceTypicalBookTicker ticker = JsonSerializer.Deserialize<BinanceTypicalEnvelope<BinanceTypicalBookTicker>>(json, s_options)!.Data!;
                return
                [
                    (long)(Decimal(ticker.BidPrice) * priceScale), (long)(Decimal(ticker.BidQuantity) * quantityScale),
                    (long)(Decimal(ticker.AskPrice) * priceScale), (long)(Decimal(ticker.AskQuantity) * quantityScale),
                ];
            default:
                BinanceTypicalDepth depth = JsonSerializer.Deserialize<BinanceTypicalEnvelope<BinanceTypicalDepth>>(json, s_options)!.Data!;
                var values = new List<long>();
                foreach (List<List<string>>? side in new[] { depth.Bids ?? depth.PartialBids, depth.Asks ?? depth.PartialAsks })
                {
                    foreach (List<string> level in side ?? [])
                    {
                        values.Add((long)(Decimal(level[0]) * priceScale));
                        values.Add((long)(Decimal(level[1]) * quantityScale));
                    }
                }

                return [.. values];
        }
    }

    private static decimal Scale(int decimals)
    {
        decimal scale = 1;
        for (int i = 0; i < decimals; i++)
        {
            scale *= 10;
        }

        return scale;
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
