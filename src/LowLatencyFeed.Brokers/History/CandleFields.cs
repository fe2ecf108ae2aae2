using System.Buffers.Text;
using System.Text.Json;

namespace LowLatencyFeed.Brokers.History;

/// <summary>Reads candle fields from JSON tokens without allocating: numbers or quoted decimals into fixed point, and times.</summary>
internal static class CandleFields
{
    private static readonly decimal[] s_powers = [1m, 10m, 100m, 1_000m, 10_000m, 100_000m, 1_000_000m, 10_000_000m, 100_000_000m, 1_000_000_000m, 10_000_000_000m, 100_000_000_000m, 1_000_000_000_000m, 10_000_000_000_000m, 100_000_000_000_000m, 1_000_000_000_000_000m, 10_000_000_000_000_000m, 100_000_000_000_000_000m, 1_000_000_000_000_000_000m];

    private static readonly long s_istOffsetNs = (long)TimeSpan.FromMinutes(330).Ticks * 100;

    /// <summary>India Standard Time, UTC+05:30 without daylight saving (Kite/README.md §15).</summary>
    public static TimeSpan Ist { get; } = TimeSpan.FromMinutes(330);

    /// <summary>IST offset in nanoseconds.</summary>
    public static long IstOffsetNs => s_istOffsetNs;

    /// <summary>The current token (a JSON number or a quoted decimal) as a mantissa at <paramref name="decimals"/>, rounded half away from zero.</summary>
    public static bool TryFixed(ref Utf8JsonReader reader, int decimals, out long mantissa)
    {
        mantissa = 0;
        decimal value;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetDecimal(out value))
            {
                return false;
            }
        }
        else if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            ReadOnlySpan<byte> text = reader.HasValueSequence ? default : reader.ValueSpan;
            if (!Utf8Parser.TryParse(text, out value, out int consumed) || consumed != text.Length || text.IsEmpty)
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        return TryScale(value, decimals, out mantissa);
    }

    /// <summary>The current number token as a long.</summary>
    public static bool TryInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out value))
            {
                return true;
            }

            // Kite's volumes may come as 123.0 (decoded as floats by the brokers' own clients).
            if (reader.TryGetDecimal(out decimal d) && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue)
            {
                value = (long)d;
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="value"/> × 10^<paramref name="decimals"/>, rounded half away from zero, when it fits a long.</summary>
    public static bool TryScale(decimal value, int decimals, out long mantissa)
    {
        mantissa = 0;
        if ((uint)decimals >= (uint)s_powers.Length)
        {
            return false;
        }

        decimal limit = long.MaxValue / s_powers[decimals];
        if (value > limit || value < -limit)
        {
            return false;
        }

        mantissa = (long)decimal.Round(value * s_powers[decimals], 0, MidpointRounding.AwayFromZero);
        return true;
    }

    /// <summary>
    /// Parses Kite's candle time <c>2015-12-28T09:15:00+0530</c> (also <c>+05:30</c>) into Unix ns UTC (Kite/README.md §13).
    /// </summary>
    public static bool TryKiteTime(ReadOnlySpan<byte> text, out long unixNs)
    {
        unixNs = 0;
        if (text.Length is not (24 or 25) || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!Digits(text[0..4], out int year) || !Digits(text[5..7], out int month) || !Digits(text[8..10], out int day)
            || !Digits(text[11..13], out int hour) || !Digits(text[14..16], out int minute) || !Digits(text[17..19], out int second))
        {
            return false;
        }

        byte sign = text[19];
        ReadOnlySpan<byte> offset = text[20..];
        int offsetHours, offsetMinutes;
        if (offset.Length == 4 ? !Digits(offset[0..2], out offsetHours) || !Digits(offset[2..4], out offsetMinutes)
            : offset[2] != ':' || !Digits(offset[0..2], out offsetHours) || !Digits(offset[3..5], out offsetMinutes))
        {
            return false;
        }

        if ((sign != '+' && sign != '-') || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks - DateTime.UnixEpoch.Ticks;
        long offsetTicks = ((offsetHours * 60L) + offsetMinutes) * TimeSpan.TicksPerMinute * (sign == '+' ? 1 : -1);
        unixNs = (local - offsetTicks) * 100;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (byte b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
