namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Exchange segments: the low byte of an instrument token picks the price divisor (Kite/README.md §6). Divisors are powers of
/// ten, so the engine keeps the raw wire integer as the mantissa and records the divisor as decimal places.
/// </summary>
public static class KiteSegments
{
    /// <summary>NSE currency derivatives: divisor 10,000,000.</summary>
    public const int Cds = 3;

    /// <summary>BSE currency derivatives: divisor 10,000.</summary>
    public const int Bcd = 6;

    /// <summary>Indices: not tradable, index packet layouts.</summary>
    public const int Indices = 9;

    private const byte Undefined = byte.MaxValue;

    // Index = segment; 2 decimals (divisor 100) everywhere except the two currency segments.
    private static ReadOnlySpan<byte> PriceDecimalsBySegment => [Undefined, 2, 2, 7, 2, 2, 4, 2, 2, 2];

    /// <summary>The segment of <paramref name="token"/> (its low byte).</summary>
    public static int Of(long token) => (int)(token & 0xFF);

    /// <summary>Decimal places of prices in <paramref name="segment"/>; false for segments Kite does not define (0, 10+).</summary>
    public static bool TryGetPriceDecimals(int segment, out byte decimals)
    {
        ReadOnlySpan<byte> table = PriceDecimalsBySegment;
        if ((uint)segment < (uint)table.Length && table[segment] != Undefined)
        {
            decimals = table[segment];
            return true;
        }

        decimals = 0;
        return false;
    }

    /// <summary>True for the index segment.</summary>
    public static bool IsIndex(int segment) => segment == Indices;
}
