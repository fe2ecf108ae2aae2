namespace LowLatencyFeed.Processing.Common;

/// <summary>Exact integer helpers for derived values (VWAP, microprice).</summary>
internal static class FixedPointMath
{
    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/> rounded half away from zero; 0 when the denominator is 0.</summary>
    public static long DivideRounded(Int128 numerator, long denominator)
    {
        if (denominator == 0)
        {
            return 0;
        }

        (Int128 quotient, Int128 remainder) = Int128.DivRem(numerator, denominator);
        if (remainder != 0)
        {
            Int128 twice = Int128.Abs(remainder) * 2;
            if (twice >= Int128.Abs(denominator))
            {
                quotient += (numerator < 0) != (denominator < 0) ? -1 : 1;
            }
        }

        return (long)quotient;
    }
}
