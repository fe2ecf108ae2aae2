using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Decimal strings straight into mantissas (Binance/README.md §4.7). The fast path takes what Binance sends — digits
/// with at most one decimal point, no more digits than a <see cref="long"/> holds without a check — in one loop with
/// no overflow test; anything else goes to <see cref="FixedPoint.TryParseUtf8"/>, whose rules both paths follow: digits
/// beyond <c>decimals</c> must be zeros, the value is never rounded.
/// </summary>
internal static class BinanceDecimalText
{
    /// <summary>Digits that always fit: 10^18 - 1 &lt; 2^63.</summary>
    private const int SafeDigits = 18;

    /// <summary>10^0 … 10^18.</summary>
    public static ReadOnlySpan<ulong> PowersOfTen => s_powersOfTen;

    private static readonly ulong[] s_powersOfTen =
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, int decimals, out long mantissa)
    {
        int dot = text.IndexOf((byte)'.');
        int integerEnd = dot < 0 ? text.Length : dot;
        int fractionEnd = dot < 0 ? text.Length : Math.Min(text.Length, dot + 1 + decimals);
        if (integerEnd + decimals > SafeDigits || (integerEnd == 0 && fractionEnd <= dot + 1))
        {
            return FixedPoint.TryParseUtf8(text, decimals, out mantissa);
        }

        ulong value = 0;
        for (int i = 0; i < integerEnd; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return FixedPoint.TryParseUtf8(text, decimals, out mantissa);
            }

            value = (value * 10) + digit;
        }

        int fractionDigits = 0;
        for (int i = dot + 1; dot >= 0 && i < fractionEnd; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return FixedPoint.TryParseUtf8(text, decimals, out mantissa);
            }

            value = (value * 10) + digit;
            fractionDigits++;
        }

        // Digits beyond the scale must be zeros: the value is not representable otherwise.
        for (int i = fractionEnd; i < text.Length; i++)
        {
            if (text[i] != (byte)'0')
            {
                return FixedPoint.TryParseUtf8(text, decimals, out mantissa);
            }
        }

        mantissa = (long)(value * Pow10(decimals - fractionDigits));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pow10(int exponent) => s_powersOfTen[exponent];
}
