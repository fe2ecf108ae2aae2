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
