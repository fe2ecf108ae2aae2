using System.Globalization;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Journal.Tools;

/// <summary>Builds one CSV line in a reusable char buffer: numbers are formatted in place, nothing is allocated per field.</summary>
internal sealed class CsvLineBuilder
{
    private char[] _buffer = new char[1024];
    private int _length;
    private bool _first = true;

    public void Clear()
    {
        _length = 0;
        _first = true;
    }

    public void Empty() => Separator();

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

    public void AddFixed(long mantissa, int decimals)
    {
        Separator();
        AppendFixed(mantissa, decimals);
    }

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
