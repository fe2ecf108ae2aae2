using System.Buffers.Text;
using System.Text;

namespace LowLatencyFeed.Brokers.Csv;

/// <summary>Parsing of master fields straight from UTF-8 bytes, without intermediate strings.</summary>
public static class FieldText
{
    /// <summary>The field without surrounding spaces.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> field) => field.Trim((byte)' ');

    /// <summary>A whole integer; also accepts a float with a zero fraction ("75.0", Dhan's lot sizes).</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> field, out long value)
    {
        field = Trim(field);
        if (Utf8Parser.TryParse(field, out value, out int consumed) && consumed == field.Length)
        {
            return true;
        }

        if (Utf8Parser.TryParse(field, out decimal number, out consumed) && consumed == field.Length && number == decimal.Truncate(number)
            && number >= long.MinValue && number <= long.MaxValue)
        {
            value = (long)number;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>An exact decimal ("0.05", "-0.01", "5.0000"); an empty field is zero.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> field, out decimal value)
    {
        field = Trim(field);
        if (field.IsEmpty)
        {
            value = 0;
            return true;
        }

        return Utf8Parser.TryParse(field, out value, out int consumed, 'G') && consumed == field.Length
            || Utf8Parser.TryParse(field, out value, out consumed, 'E') && consumed == field.Length;
    }

    /// <summary>A date written as YYYY-MM-DD, optionally followed by a time (" 14:30:00"); empty is null.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> field, out DateOnly? value)
    {
        field = Trim(field);
        value = null;
        if (field.IsEmpty)
        {
            return true;
        }

        if (field.Length < 10 || field[4] != (byte)'-' || field[7] != (byte)'-'
            || !TryDigits(field[..4], out int year) || !TryDigits(field.Slice(5, 2), out int month) || !TryDigits(field.Slice(8, 2), out int day)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            return false;
        }

        if (field.Length > 10 && field[10] != (byte)' ' && field[10] != (byte)'T')
        {
            return false;
        }

        // 0001-01-01 is Dhan's "no expiry" (Dhan/README.md §12).
        value = year <= 1 ? null : new DateOnly(year, month, day);
        return true;
    }

    /// <summary>The number of decimal places a price step needs ("0.0500" → 2, "5" → 0).</summary>
    public static byte DecimalsOf(decimal step)
    {
        step = step / 1.000000000000000000000000000000000m; // strips trailing zeros
        int scale = (decimal.GetBits(step)[3] >> 16) & 0xFF;
        return (byte)scale;
    }

    /// <summary>The field as a string (only for values a row keeps).</summary>
    public static string Text(ReadOnlySpan<byte> field) => Encoding.UTF8.GetString(Trim(field));

    /// <summary>Whether the field equals <paramref name="ascii"/> exactly.</summary>
    public static bool Is(ReadOnlySpan<byte> field, ReadOnlySpan<byte> ascii) => Trim(field).SequenceEqual(ascii);

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
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
