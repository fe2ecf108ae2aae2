using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The setup checks of the parser benchmarks: ours and the baseline must decode the same values, or the benchmark
/// refuses to run (a faster parser that decodes something else proves nothing).
/// </summary>
internal static class BaselineCheck
{
    /// <summary>10^<paramref name="decimals"/> as a decimal: a mantissa with that many decimals is the decimal × it.</summary>
    public static decimal Scale(int decimals)
    {
        decimal scale = 1m;
        for (int i = 0; i < decimals; i++)
        {
            scale *= 10m;
        }

        return scale;
    }

    /// <summary>Throws unless our mantissa equals the baseline's decimal price at <paramref name="scale"/>.</summary>
    public static void Price(string where, string field, long ours, decimal baseline, decimal scale)
    {
        if (ours != baseline * scale)
        {
            throw new InvalidOperationException($"{where}: {field} differs: ours {ours} (mantissa), baseline {baseline} (× {scale} = {baseline * scale})");
        }
    }

    /// <summary>Throws unless our value equals the baseline's.</summary>
    public static void Value(string where, string field, long ours, long baseline)
    {
        if (ours != baseline)
        {
            throw new InvalidOperationException($"{where}: {field} differs: ours {ours}, baseline {baseline}");
        }
    }

    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    public static void That(bool condition, string where, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{where}: {what}");
        }
    }

    /// <summary>
    /// Walks the <paramref name="events"/> ours decoded from one message against the baseline's <paramref name="packets"/>
    /// in order — a Tick starts the next packet, the events after it (its quote, its depth) belong to the same one — after
    /// checking ours reported no <paramref name="errors"/> and the baseline found <paramref name="expectedPackets"/>;
    /// every packet must be reached.
    /// </summary>
    public static void EachPacket<TPacket>(string where, in DhanBenchmarkSink sink, int events, long errors, List<TPacket> packets, int expectedPackets, PacketCheck<TPacket> check)
    {
        That(errors == 0, where, $"ours reported {errors} errors");
        Value(where, "baseline packets", packets.Count, expectedPackets);
        int next = 0;
        for (int i = 0; i < events; i++)
        {
            MarketEvent e = sink.At(i);
            if (e.Header.Kind == EventKind.Tick)
            {
                next++;
            }

            That(next > 0, where, $"a {e.Header.Kind} event before any Tick");
            check(in e, packets[next - 1], $"{where}, packet {next - 1}", Scale(e.Header.PriceDecimals));
        }

        Value(where, "packets decoded by ours", next, packets.Count);
    }

    /// <summary>Our day's open, high and low against the baseline's.</summary>
    public static void OpenHighLow(string where, in MarketEvent ours, decimal open, decimal high, decimal low, decimal scale)
    {
        Price(where, "open", ours.Tick.Open, open, scale);
        Price(where, "high", ours.Tick.High, high, scale);
        Price(where, "low", ours.Tick.Low, low, scale);
    }

    /// <summary>Our average price, volume and total buy and sell quantities against the baseline's.</summary>
    public static void VolumeAndTotals(string where, in MarketEvent ours, decimal averagePrice, long volume, long totalBuyQuantity, long totalSellQuantity, decimal scale)
    {
        Price(where, "average price", ours.Tick.AveragePrice, averagePrice, scale);
        Value(where, "volume", ours.Tick.CumulativeVolume, volume);
        Value(where, "total buy quantity", ours.Tick.TotalBuyQuantity, totalBuyQuantity);
        Value(where, "total sell quantity", ours.Tick.TotalSellQuantity, totalSellQuantity);
    }

    /// <summary>Our depth levels against the baseline's (price, quantity, orders), level by level.</summary>
    public static void Levels(string where, string side, ReadOnlySpan<DepthLevel> ours, IReadOnlyList<(decimal Price, long Quantity, int Orders)> baseline, decimal scale)
    {
        Value(where, side + " level count", ours.Length, baseline.Count);
        for (int i = 0; i < ours.Length; i++)
        {
            Price(where, $"{side} level {i} price", ours[i].Price, baseline[i].Price, scale);
            Value(where, $"{side} level {i} quantity", ours[i].Quantity, baseline[i].Quantity);
            Value(where, $"{side} level {i} orders", ours[i].Orders, baseline[i].Orders);
        }
    }
}

/// <summary>Checks one event of ours against the baseline packet it came from (<see cref="BaselineCheck.EachPacket{TPacket}"/>).</summary>
internal delegate void PacketCheck<TPacket>(in MarketEvent ours, TPacket packet, string at, decimal scale);
