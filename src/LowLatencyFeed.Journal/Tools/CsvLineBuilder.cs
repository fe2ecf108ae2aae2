using System.Globalization;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Journal.Tools;

/// <summary>
/// Builds one CSV line in a reusable char buffer: numbers are formatted in place, nothing is allocated per field.
/// Public because the journal tools and replay's bar and metrics files write the same CSV dialect.
/// </summary>
public sealed class CsvLineBuilder
{
    private char[] _buffer = new char[1024];
    private int _length;
    private bool _first = true;

    /// <summary>Starts a new line.</summary>
    public void Clear()
    {
        _length = 0;
        _first = true;
    }

    /// <summary>Adds an empty field.</summary>
    public void Empty() => Separator();

    /// <summary>Adds an integer field.</summary>
    public void Add(long value)
    {
        Separator();
        int written;
        while (!value.TryFormat(_buffer.AsSpan(_length), out written, default, CultureInfo.InvariantCulture))
        {
            Grow();
        }

        _length += written;
    }

    /// <summary>Adds a fixed-point field (<paramref name="mantissa"/> scaled by 10^<paramref name="decimals"/>).</summary>
    public void AddFixed(long mantissa, int decimals)
    {
        Separator();
        AppendFixed(mantissa, decimals);
    }

    /// <summary>Adds a text field, written as is (the caller keeps commas out).</summary>
    public void Add(string text)
    {
        Separator();
        Append(text);
    }

    /// <summary>Appends raw text to the current field (no separator).</summary>
    public void Append(string text)
    {
        while (_buffer.Length - _length < text.Length)
        {
            Grow();
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Appends a fixed-point value to the current field (no separator).</summary>
    public void AppendFixed(long mantissa, int decimals)
    {
        decimal value = FixedPoint.ToDecimal(mantissa, Math.Min(decimals, 28));
        int written;
        while (!value.TryFormat(_buffer.AsSpan(_length), out written, default, CultureInfo.InvariantCulture))
        {
            Grow();
        }

        _length += written;
    }

    /// <summary>Appends an integer to the current field (no separator).</summary>
    public void Append(long value)
    {
        int written;
        while (!value.TryFormat(_buffer.AsSpan(_length), out written, default, CultureInfo.InvariantCulture))
        {
            Grow();
        }

        _length += written;
    }

    /// <summary>Writes the line and a newline to <paramref name="writer"/>.</summary>
    public void WriteTo(TextWriter writer)
    {
        writer.Write(_buffer, 0, _length);
        writer.Write('\n');
    }

    private void Separator()
    {
        if (!_first)
        {
            Append(",");
        }

        _first = false;
    }

    private void Grow() => Array.Resize(ref _buffer, _buffer.Length * 2);
}
