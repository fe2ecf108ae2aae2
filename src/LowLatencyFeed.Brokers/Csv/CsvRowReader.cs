using System.Buffers;

namespace LowLatencyFeed.Brokers.Csv;

/// <summary>
/// Reads a CSV stream row by row through one pooled buffer: a row's fields are byte spans into that buffer, valid
/// until the next <see cref="ReadRow"/>, so a master of 10^5 rows is parsed without holding the file or allocating per
/// field (only the strings a caller keeps are allocated). RFC 4180 quoting (a quoted field may hold commas, newlines
/// and doubled quotes); CRLF or LF line ends; an optional UTF-8 byte-order mark.
/// </summary>
public sealed class CsvRowReader : IDisposable
{
    private const int InitialBufferBytes = 64 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private int[] _fieldStarts = new int[64];
    private int[] _fieldLengths = new int[64];
    private bool _bomChecked;
    private long _linesConsumed;

    /// <summary>Reads from <paramref name="stream"/> (left open).</summary>
    public CsvRowReader(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    }

    /// <summary>Fields in the current row.</summary>
    public int FieldCount { get; private set; }

    /// <summary>1-based line number of the current row's first line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>False when the current row was cut off by the end of the stream (no line end after it).</summary>
    public bool RowTerminated { get; private set; }

    /// <summary>False when the stream ended inside a quoted field.</summary>
    public bool QuotesBalanced { get; private set; } = true;

    /// <summary>Field <paramref name="index"/> of the current row (quotes removed); empty when the row is shorter.</summary>
    public ReadOnlySpan<byte> Field(int index) =>
        (uint)index < (uint)FieldCount ? _buffer.AsSpan(_fieldStarts[index], _fieldLengths[index]) : default;

    /// <summary>Advances to the next non-empty row; false at the end of the stream.</summary>
    public bool ReadRow()
    {
        while (true)
        {
            if (!TryParseRow(out bool blank))
            {
                return false;
            }

            if (!blank)
            {
                return true;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool TryParseRow(out bool blank)
    {
        blank = false;
        while (!_bomChecked && !_endOfStream)
        {
            Fill();
        }

        while (true)
        {
            int rowEnd = FindRowEnd(out bool quotesBalanced);
            if (rowEnd >= 0 || _endOfStream)
            {
                int end = rowEnd >= 0 ? rowEnd : _end;
                if (rowEnd < 0 && end == _start)
                {
                    return false;
                }

                LineNumber = _linesConsumed + 1;
                _linesConsumed += CountNewlines(_start, end) + (rowEnd >= 0 ? 1 : 0);
                RowTerminated = rowEnd >= 0;
                QuotesBalanced = quotesBalanced;
                int contentEnd = end;
                if (contentEnd > _start && _buffer[contentEnd - 1] == (byte)'\r')
                {
                    contentEnd--;
                }

                blank = contentEnd == _start;
                SplitFields(_start, contentEnd);
                _start = rowEnd >= 0 ? rowEnd + 1 : _end;
                return true;
            }

            Fill();
        }
    }

    /// <summary>Index of the newline ending the row that starts at <see cref="_start"/>, or -1 when not yet buffered.</summary>
    private int FindRowEnd(out bool quotesBalanced)
    {
        // Quote state must be counted from the row start, so rescans after a refill start there (rows are short).
        bool inQuotes = false;
        for (int i = _start; i < _end; i++)
        {
            byte b = _buffer[i];
            if (b == (byte)'"')
            {
                inQuotes = !inQuotes;
            }
            else if (b == (byte)'\n' && !inQuotes)
            {
                quotesBalanced = true;
                return i;
            }
        }

        quotesBalanced = !inQuotes;
        return -1;
    }

    private int CountNewlines(int from, int to)
    {
        int count = 0;
        for (int i = from; i < to; i++)
        {
            if (_buffer[i] == (byte)'\n')
            {
                count++;
            }
        }

        return count;
    }

    private void SplitFields(int start, int end)
    {
        FieldCount = 0;
        if (start == end)
        {
            return;
        }

        int i = start;
        while (true)
        {
            int fieldStart = i;
            int length;
            if (i < end && _buffer[i] == (byte)'"')
            {
                // Quoted: copy down over doubled quotes in place; the row stays in the buffer until the next read.
                int write = i;
                fieldStart = i;
                i++;
                while (i < end)
                {
                    byte b = _buffer[i];
                    if (b == (byte)'"')
                    {
                        if (i + 1 < end && _buffer[i + 1] == (byte)'"')
                        {
                            _buffer[write++] = (byte)'"';
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    _buffer[write++] = b;
                    i++;
                }

                length = write - fieldStart;
                while (i < end && _buffer[i] != (byte)',')
                {
                    i++;
                }
            }
            else
            {
                while (i < end && _buffer[i] != (byte)',')
                {
                    i++;
                }

                length = i - fieldStart;
            }

            AddField(fieldStart, length);
            if (i >= end)
            {
                return;
            }

            i++; // the comma
            if (i == end)
            {
                AddField(end, 0);
                return;
            }
        }
    }

    private void AddField(int start, int length)
    {
        if (FieldCount == _fieldStarts.Length)
        {
            Array.Resize(ref _fieldStarts, FieldCount * 2);
            Array.Resize(ref _fieldLengths, FieldCount * 2);
        }

        _fieldStarts[FieldCount] = start;
        _fieldLengths[FieldCount] = length;
        FieldCount++;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
            return;
        }

        _end += read;
        if (!_bomChecked && (_buffer[0] != 0xEF || _end >= 3))
        {
            // A UTF-8 byte-order mark is skipped; decided once the first three bytes are in (or the first is not 0xEF).
            _bomChecked = true;
            if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _start = 3;
            }
        }
    }
}
