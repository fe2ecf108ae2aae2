namespace LowLatencyFeed.Research.Export;

/// <summary>Fixed-point mantissas as exact <see cref="decimal"/> values (no rounding: the scale carries the decimals).</summary>
internal static class FixedPoint
{
    public static decimal ToDecimal(long mantissa, int decimals)
    {
        bool negative = mantissa < 0;
        ulong magnitude = negative ? (ulong)(-(mantissa + 1)) + 1 : (ulong)mantissa;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, (byte)decimals);
    }

    /// <summary>An <see cref="Int128"/> mantissa as a decimal; false when it exceeds decimal's 96-bit mantissa.</summary>
    public static bool TryToDecimal(Int128 mantissa, int decimals, out decimal value)
    {
        bool negative = mantissa < 0;
        UInt128 magnitude = negative ? (UInt128)(-(mantissa + 1)) + 1 : (UInt128)mantissa;
        if (magnitude >> 96 != 0 || decimals > 28)
        {
            value = default;
            return false;
        }

        value = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)decimals);
        return true;
    }
}
