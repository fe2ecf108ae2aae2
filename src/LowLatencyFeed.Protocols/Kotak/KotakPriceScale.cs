using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Converts a wire price integer (rupees × divider) to a mantissa at the instrument's decimals exactly:
/// mantissa = raw × 10^decimals / divider, reduced to one multiply (and, only when the divider has more decimals than
/// the instrument, one rounding division).
/// </summary>
internal readonly struct KotakPriceScale
{
    private readonly long _multiplier;
    private readonly long _divisor;

    private KotakPriceScale(long multiplier, long divisor)
    {
        _multiplier = multiplier;
        _divisor = divisor;
    }

    public static KotakPriceScale Create(long divider, int decimals)
    {
        long pow = FixedPoint.Pow10(decimals);
        long gcd = Gcd(pow, divider <= 0 ? KotakExchangeTable.DefaultDivider : divider);
        return new KotakPriceScale(pow / gcd, (divider <= 0 ? KotakExchangeTable.DefaultDivider : divider) / gcd);
    }

    /// <summary>Wire prices are 32-bit, so raw × multiplier cannot overflow for up to 9 extra decimals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Apply(long raw)
    {
        long scaled = raw * _multiplier;
        if (_divisor == 1)
        {
            return scaled;
        }

        long quotient = Math.DivRem(scaled, _divisor, out long remainder);
        if (Math.Abs(remainder) * 2 >= _divisor)
        {
            quotient += Math.Sign(scaled);
        }

        return quotient;
    }

    /// <summary>The inverse, for encoders: mantissa → raw wire integer (rounded half away from zero).</summary>
    public long Invert(long mantissa)
    {
        long scaled = mantissa * _divisor;
        long quotient = Math.DivRem(scaled, _multiplier, out long remainder);
        if (Math.Abs(remainder) * 2 >= _multiplier)
        {
            quotient += Math.Sign(scaled);
        }

        return quotient;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
