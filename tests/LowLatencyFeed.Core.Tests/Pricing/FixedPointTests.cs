using System.Text;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Core.Tests.Pricing;

/// <summary>Fixed-point conversions, every expectation worked out by hand.</summary>
public sealed class FixedPointTests
{
    [Theory]
    [InlineData(0, 1L)]
    [InlineData(2, 100L)]
    [InlineData(8, 100_000_000L)]
    [InlineData(18, 1_000_000_000_000_000_000L)]
    public void Pow10_is_ten_to_the_number_of_decimals(int decimals, long expected) =>
        Assert.Equal(expected, FixedPoint.Pow10(decimals));

    [Fact]
    public void ToDecimal_keeps_value_sign_and_scale()
    {
        decimal price = FixedPoint.ToDecimal(2_535_190_000L, 8);
        Assert.Equal(25.3519m, price);
        Assert.Equal("25.35190000", price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(-123.45m, FixedPoint.ToDecimal(-12_345L, 2));
        Assert.Equal(0m, FixedPoint.ToDecimal(0L, 4));
    }

    [Fact]
    public void ToDecimal_handles_the_extreme_long_mantissas()
    {
        Assert.Equal(-9_223_372_036_854_775_808m, FixedPoint.ToDecimal(long.MinValue, 0));
        Assert.Equal(9.223372036854775807m, FixedPoint.ToDecimal(long.MaxValue, 18));
    }

    [Fact]
    public void ToDecimal_of_a_128_bit_mantissa_is_exact_up_to_96_bits_and_throws_beyond()
    {
        // long.MaxValue * 1000 needs 73 bits: 9223372036854775807000 with 3 decimals.
        Int128 turnover = (Int128)long.MaxValue * 1000;
        Assert.Equal(9_223_372_036_854_775_807m, FixedPoint.ToDecimal(turnover, 3));
        Assert.Equal(-0.5m, FixedPoint.ToDecimal((Int128)(-5), 1));

        Int128 largest = ((Int128)1 << 96) - 1; // 79228162514264337593543950335, decimal.MaxValue's mantissa
        Assert.Equal(decimal.MaxValue, FixedPoint.ToDecimal(largest, 0));
        Assert.Throws<OverflowException>(() => FixedPoint.ToDecimal((Int128)1 << 96, 0));
    }

    [Theory]
    [InlineData(0.125, 2, 13L)] // 12.5 rounds away from zero
    [InlineData(-0.125, 2, -13L)]
    [InlineData(0.124, 2, 12L)]
    [InlineData(1612.05, 2, 161_205L)]
    public void FromDouble_rounds_half_away_from_zero(double value, int decimals, long expected) =>
        Assert.Equal(expected, FixedPoint.FromDouble(value, decimals));

    [Fact]
    public void FromDouble_recovers_the_intended_price_from_a_float32_wire_value()
    {
        // 1612.05f is 1612.050048828125 as a double: two decimals give back the price the exchange meant.
        Assert.Equal(161_205L, FixedPoint.FromDouble(1612.05f, 2));
    }

    [Theory]
    [InlineData("1.005", 2, 101L)] // 100.5 → 101
    [InlineData("-2.5", 0, -3L)]
    [InlineData("2.4999", 0, 2L)]
    [InlineData("25.3519", 8, 2_535_190_000L)]
    public void FromDecimal_scales_and_rounds_half_away_from_zero(string value, int decimals, long expected) =>
        Assert.Equal(expected, FixedPoint.FromDecimal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), decimals));

    [Theory]
    [InlineData(12_345L, 2, 4, 1_234_500L)] // 123.45 → 123.4500
    [InlineData(12_345L, 4, 2, 123L)] // 1.2345 → 1.23 (remainder 45 < half of 100)
    [InlineData(12_350L, 4, 2, 124L)] // 1.2350 → 1.24 (exactly half: away from zero)
    [InlineData(-12_350L, 4, 2, -124L)]
    [InlineData(-12_349L, 4, 2, -123L)]
    [InlineData(777L, 3, 3, 777L)]
    public void Rescale_moves_the_decimal_point_and_rounds_half_away_from_zero(long mantissa, int from, int to, long expected) =>
        Assert.Equal(expected, FixedPoint.Rescale(mantissa, from, to));

    [Fact]
    public void Rescale_that_overflows_a_long_throws_instead_of_wrapping() =>
        Assert.Throws<OverflowException>(() => FixedPoint.Rescale(long.MaxValue / 5, 0, 1));

    [Theory]
    [InlineData("25.35190000", 8, 2_535_190_000L)]
    [InlineData("25.3519", 8, 2_535_190_000L)] // missing decimals are zeros
    [InlineData("25.35190000", 4, 253_519L)] // surplus decimals may be zeros
    [InlineData("-0.5", 2, -50L)]
    [InlineData(".5", 1, 5L)]
    [InlineData("5.", 2, 500L)]
    [InlineData("0", 0, 0L)]
    [InlineData("9223372036854775807", 0, long.MaxValue)]
    [InlineData("922337203685477580.7", 1, long.MaxValue)]
    public void TryParseUtf8_reads_ascii_decimals_into_mantissas(string text, int decimals, long expected)
    {
        Assert.True(FixedPoint.TryParseUtf8(Encoding.ASCII.GetBytes(text), decimals, out long mantissa));
        Assert.Equal(expected, mantissa);
    }

    [Theory]
    [InlineData("", 2)]
    [InlineData("-", 2)]
    [InlineData(".", 2)]
    [InlineData("1.2.3", 2)]
    [InlineData("12a", 0)]
    [InlineData("+1", 0)]
    [InlineData("1e5", 0)]
    [InlineData("25.35190001", 4)] // a non-zero digit beyond the precision is not representable
    [InlineData("9223372036854775808", 0)] // long.MaxValue + 1
    [InlineData("92233720368547758.08", 2)]
    [InlineData("99999999999999999999", 0)] // past ulong while accumulating
    public void TryParseUtf8_rejects_what_is_not_an_exact_decimal_at_that_precision(string text, int decimals)
    {
        Assert.False(FixedPoint.TryParseUtf8(Encoding.ASCII.GetBytes(text), decimals, out long mantissa));
        Assert.Equal(0, mantissa);
    }

    [Theory]
    [InlineData(-12_345L, 2, "-123.45")]
    [InlineData(100L, 2, "1.00")]
    [InlineData(7L, 0, "7")]
    [InlineData(1L, 8, "0.00000001")]
    public void Format_writes_the_invariant_decimal_with_its_scale(long mantissa, int decimals, string expected) =>
        Assert.Equal(expected, FixedPoint.Format(mantissa, decimals));
}
