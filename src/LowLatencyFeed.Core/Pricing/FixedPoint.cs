using System.Globalization;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Core.Pricing;

/// <summary>
/// Fixed-point helpers. A price or quantity is a <see cref="long"/> mantissa plus a count of decimal places,
/// so sums and bars are exact; conversion to <see cref="decimal"/> happens only at the edges (database, CSV).
/// </summary>
public static class FixedPoint
{
    /// <summary>Most decimal places supported (10^18 still fits a long).</summary>
    public const int MaxDecimals = 18;

    private static readonly long[] s_powersOfTen = BuildPowers();

    /// <summary>10^<paramref name="decimals"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Pow10(int decimals) => s_powersOfTen[decimals];

    /// <summary>The exact decimal value of a mantissa (built from its bits and scale, no division).</summary>
    public static decimal ToDecimal(long mantissa, int decimals)
    {
        ulong magnitude = mantissa < 0 ? (ulong)(-(Int128)mantissa) : (ulong)mantissa;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, mantissa < 0, (byte)decimals);
    }

    /// <summary>The exact decimal value of a 128-bit mantissa (sums of products such as turnover).</summary>
    public static decimal ToDecimal(Int128 mantissa, int decimals)
    {
        UInt128 magnitude = mantissa < 0 ? (UInt128)(-mantissa) : (UInt128)mantissa;
        if (magnitude >> 96 != 0)
        {
            throw new OverflowException($"Fixed-point value {mantissa}e-{decimals} exceeds decimal's 96-bit mantissa.");
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), mantissa < 0, (byte)decimals);
    }

    /// <summary>Rounds a binary float price (Dhan sends float32 rupees) to the nearest mantissa at <paramref name="decimals"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FromDouble(double value, int decimals) => (long)Math.Round(value * Pow10(decimals), MidpointRounding.AwayFromZero);

    /// <summary>Converts an exact decimal to a mantissa, rounding half away from zero beyond <paramref name="decimals"/>.</summary>
    public static long FromDecimal(decimal value, int decimals) => (long)decimal.Round(value * Pow10Decimal(decimals), 0, MidpointRounding.AwayFromZero);

    /// <summary>Rescales a mantissa from one number of decimals to another (rounding half away from zero when reducing).</summary>
    public static long Rescale(long mantissa, int fromDecimals, int toDecimals)
    {
        if (fromDecimals == toDecimals)
        {
            return mantissa;
        }

        if (toDecimals > fromDecimals)
        {
            return checked(mantissa * Pow10(toDecimals - fromDecimals));
        }

        long divisor = Pow10(fromDecimals - toDecimals);
        long quotient = Math.DivRem(mantissa, divisor, out long remainder);
        if (Math.Abs(remainder) * 2 >= divisor)
        {
            quotient += Math.Sign(mantissa);
        }

        return quotient;
    }

    /// <summary>
    /// Parses an ASCII decimal such as <c>"25.35190000"</c> into a mantissa at <paramref name="decimals"/> without allocating.
    /// Digits beyond <paramref name="decimals"/> must be zeros; otherwise the value is not representable and parsing fails.
    /// </summary>
    public static bool TryParseUtf8(ReadOnlySpan<byte> text, int decimals, out long mantissa)
    {
        mantissa = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        int i = 0;
        bool negative = false;
        if (text[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        bool anyDigit = false;
        bool inFraction = false;
        int fractionDigits = 0;
        ulong accumulator = 0;
        for (; i < text.Length; i++)
        {
            byte c = text[i];
            if (c == (byte)'.')
            {
                if (inFraction)
                {
                    return false;
                }

                inFraction = true;
                continue;
            }

            uint digit = (uint)(c - (byte)'0');
            if (digit > 9)
            {
                return false;
            }

            anyDigit = true;
            if (inFraction)
            {
                if (fractionDigits == decimals)
                {
                    if (digit != 0)
                    {
                        return false;
                    }

                    continue;
                }

                fractionDigits++;
            }

            if (accumulator > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            accumulator = accumulator * 10 + digit;
        }

        if (!anyDigit)
        {
            return false;
        }

        for (; fractionDigits < decimals; fractionDigits++)
        {
            if (accumulator > ulong.MaxValue / 10)
            {
                return false;
            }

            accumulator *= 10;
        }

        if (accumulator > long.MaxValue)
        {
            return false;
        }

        mantissa = negative ? -(long)accumulator : (long)accumulator;
        return true;
    }

    /// <summary>Formats a mantissa as an invariant decimal string (cold path: files, logs).</summary>
    public static string Format(long mantissa, int decimals) => ToDecimal(mantissa, decimals).ToString(CultureInfo.InvariantCulture);

    private static decimal Pow10Decimal(int decimals) => s_powersOfTen[decimals];

    private static long[] BuildPowers()
    {
        var powers = new long[MaxDecimals + 1];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
