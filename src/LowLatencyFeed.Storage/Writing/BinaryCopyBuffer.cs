using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>
/// Encodes rows in PostgreSQL's binary COPY format (file header, per row an int16 field count, per field an int32
/// length and the type's send format, an int16 −1 trailer) into one reused buffer that is written to a raw COPY
/// stream whenever it fills. Numerics are encoded straight from fixed-point mantissas in base 10,000 and timestamps
/// from Unix nanoseconds, with integer arithmetic only: no decimal, no DateTime, no allocation per row. This replaces
/// a per-value converter lookup in the client driver, which cost more than the server's own work per row.
/// </summary>
internal sealed class BinaryCopyBuffer
{
    /// <summary>Room every row may use; the widest row (ticks: 19 fields, numerics of at most 10 base-10,000 digits) needs under 600 bytes.</summary>
    public const int MaxRowBytes = 1024;

    /// <summary>Largest scale a numeric may be written with (the driver's decimal had the same bound).</summary>
    public const int MaxDecimals = 28;

    // "PGCOPY\n\xFF\r\n\0", then int32 flags (no OIDs) and int32 header-extension length, both zero.
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private const long PostgresEpochMicrosSinceUnix = 946_684_800_000_000;
    private const short NumericPositive = 0x0000;
    private const short NumericNegative = 0x4000;
    private const int NumericBase = 10_000;

    private static readonly ulong[] s_powersOfTen = BuildPowersOfTen();

    private readonly byte[] _buffer;
    private Stream? _stream;
    private int _position;
#if DEBUG
    private int _rowStart;
#endif

    /// <summary>Creates a buffer of <paramref name="capacity"/> bytes (at least <see cref="MaxRowBytes"/> + header).</summary>
    public BinaryCopyBuffer(int capacity = 256 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, MaxRowBytes + 64);
        _buffer = new byte[capacity];
    }

    /// <summary>Bytes encoded so far into the current COPY (flushed and pending).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Starts a COPY into <paramref name="stream"/> (a raw binary COPY stream): writes the file header.</summary>
    public void Begin(Stream stream)
    {
        _stream = stream;
        _position = 0;
        BytesWritten = 0;
        Header.CopyTo(_buffer);
        _position = Header.Length;
    }

    /// <summary>Starts a row of <paramref name="fields"/> columns, flushing first when the buffer could not hold a whole row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StartRow(short fields)
    {
        if (_buffer.Length - _position < MaxRowBytes)
        {
            Flush();
        }

#if DEBUG
        _rowStart = _position;
#endif
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_position), fields);
        _position += 2;
    }

    /// <summary>Writes the trailer and flushes; the caller then completes the COPY by disposing the stream.</summary>
    public void Complete()
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_position), -1);
        _position += 2;
        Flush();
        _stream = null;
    }

    /// <summary>A NULL field.</summary>
    public void Null() => WriteLength(-1);

    /// <summary>A <c>bigint</c>.</summary>
    public void Bigint(long value)
    {
        Span<byte> field = Field(8);
        BinaryPrimitives.WriteInt64BigEndian(field, value);
    }

    /// <summary>An <c>integer</c>.</summary>
    public void Integer(int value) => BinaryPrimitives.WriteInt32BigEndian(Field(4), value);

    /// <summary>A <c>smallint</c>.</summary>
    public void Smallint(short value) => BinaryPrimitives.WriteInt16BigEndian(Field(2), value);

    /// <summary>A <c>text</c> value, UTF-8.</summary>
    public void Text(ReadOnlySpan<char> value)
    {
        int length = System.Text.Encoding.UTF8.GetByteCount(value);
        System.Text.Encoding.UTF8.GetBytes(value, Field(length));
    }

    /// <summary>A <c>numeric</c> holding exactly <paramref name="value"/> (its 96-bit mantissa at its own scale).</summary>
    public void Decimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Int128 mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        Numeric(bits[3] < 0 ? -mantissa : mantissa, (bits[3] >> 16) & 0xFF);
    }

    /// <summary>A <c>boolean</c>.</summary>
    public void Boolean(bool value) => Field(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>A <c>double precision</c> (IEEE 754, big-endian).</summary>
    public void Double(double value) => BinaryPrimitives.WriteDoubleBigEndian(Field(8), value);

    /// <summary>
    /// A <c>timestamptz</c> from Unix nanoseconds: microseconds since 2000-01-01 UTC, PostgreSQL's resolution, so the
    /// sub-microsecond part is dropped (truncated toward the earlier microsecond).
    /// </summary>
    public void Timestamp(long unixNs)
    {
        long micros = unixNs / 1000;
        if (unixNs % 1000 < 0)
        {
            micros--; // floor, not toward zero, before 1970
        }

        BinaryPrimitives.WriteInt64BigEndian(Field(8), micros - PostgresEpochMicrosSinceUnix);
    }

    /// <summary>A <c>bigint</c> or NULL.</summary>
    public void BigintOrNull(bool present, long value)
    {
        if (present)
        {
            Bigint(value);
        }
        else
        {
            Null();
        }
    }

    /// <summary>A <c>timestamptz</c> or NULL.</summary>
    public void TimestampOrNull(bool present, long unixNs)
    {
        if (present)
        {
            Timestamp(unixNs);
        }
        else
        {
            Null();
        }
    }

    /// <summary>A <c>numeric</c> or NULL.</summary>
    public void NumericOrNull(bool present, long mantissa, int decimals)
    {
        if (present)
        {
            Numeric(mantissa, decimals);
        }
        else
        {
            Null();
        }
    }

    /// <summary>The exact <c>numeric</c> <paramref name="mantissa"/> × 10^−<paramref name="decimals"/>, with that display scale.</summary>
    public void Numeric(long mantissa, int decimals)
    {
        if ((uint)decimals > 16)
        {
            // Above 16 decimals the scaled fraction may not fit 64 bits: take the 128-bit path.
            Numeric((Int128)mantissa, decimals);
            return;
        }

        ulong magnitude = mantissa < 0 ? unchecked(0UL - (ulong)mantissa) : (ulong)mantissa;
        ulong unit = s_powersOfTen[decimals];
        (ulong integer, ulong fraction) = Math.DivRem(magnitude, unit);
        int fractionGroups = (decimals + 3) >> 2;
        fraction *= s_powersOfTen[(fractionGroups << 2) - decimals];

        // Base-10,000 digits, least significant first: the fraction's groups, then the integer's.
        Span<short> digits = stackalloc short[12];
        int count = 0;
        for (int i = 0; i < fractionGroups; i++)
        {
            (fraction, ulong digit) = Math.DivRem(fraction, NumericBase);
            digits[count++] = (short)digit;
        }

        while (integer != 0)
        {
            (integer, ulong digit) = Math.DivRem(integer, NumericBase);
            digits[count++] = (short)digit;
        }

        WriteNumeric(digits[..count], fractionGroups, mantissa < 0, decimals);
    }

    /// <summary>As <see cref="Numeric(long, int)"/> for a 128-bit mantissa (sums of products such as turnover).</summary>
    public void Numeric(Int128 mantissa, int decimals)
    {
        if ((uint)decimals > MaxDecimals)
        {
            ThrowScale(decimals);
        }

        UInt128 magnitude = unchecked(mantissa < 0 ? (UInt128)(-mantissa) : (UInt128)mantissa); // MinValue wraps to 2^127, its magnitude

        UInt128 unit = Pow10(decimals);
        (UInt128 integer, UInt128 fraction) = UInt128.DivRem(magnitude, unit);
        int fractionGroups = (decimals + 3) >> 2;
        fraction *= Pow10((fractionGroups << 2) - decimals); // < 10^32: fits

        Span<short> digits = stackalloc short[20];
        int count = 0;
        for (int i = 0; i < fractionGroups; i++)
        {
            (fraction, UInt128 digit) = UInt128.DivRem(fraction, NumericBase);
            digits[count++] = (short)(ulong)digit;
        }

        while (integer != 0)
        {
            (integer, UInt128 digit) = UInt128.DivRem(integer, NumericBase);
            digits[count++] = (short)(ulong)digit;
        }

        WriteNumeric(digits[..count], fractionGroups, mantissa < 0, decimals);
    }

    /// <summary>Writes a numeric from its base-10,000 digits (least significant first), trimming zero digits at both ends.</summary>
    private void WriteNumeric(ReadOnlySpan<short> digits, int fractionGroups, bool negative, int decimals)
    {
        int low = 0;
        int high = digits.Length - 1;
        while (high >= 0 && digits[high] == 0)
        {
            high--;
        }

        if (high < 0)
        {
            // Zero: no digits, weight 0, positive, keeping the display scale.
            Span<byte> zero = Field(8);
            BinaryPrimitives.WriteInt16BigEndian(zero, 0);
            BinaryPrimitives.WriteInt16BigEndian(zero[2..], 0);
            BinaryPrimitives.WriteInt16BigEndian(zero[4..], NumericPositive);
            BinaryPrimitives.WriteInt16BigEndian(zero[6..], (short)decimals);
            return;
        }

        while (digits[low] == 0)
        {
            low++;
        }

        int count = high - low + 1;
        Span<byte> field = Field(8 + (2 * count));
        BinaryPrimitives.WriteInt16BigEndian(field, (short)count);
        BinaryPrimitives.WriteInt16BigEndian(field[2..], (short)(high - fractionGroups)); // weight of the leading digit
        BinaryPrimitives.WriteInt16BigEndian(field[4..], negative ? NumericNegative : NumericPositive);
        BinaryPrimitives.WriteInt16BigEndian(field[6..], (short)decimals);
        int at = 8;
        for (int i = high; i >= low; i--)
        {
            BinaryPrimitives.WriteInt16BigEndian(field[at..], digits[i]);
            at += 2;
        }
    }

    /// <summary>Writes a field's length and returns its value bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Field(int length)
    {
        AssertRowBounds(4 + length);
        Span<byte> span = _buffer.AsSpan(_position, 4 + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        _position += 4 + length;
        return span[4..];
    }

    private void WriteLength(int length)
    {
        AssertRowBounds(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), length);
        _position += 4;
    }

    /// <summary>
    /// StartRow flushes only when less than <see cref="MaxRowBytes"/> is left, so every row must fit in that many bytes;
    /// a wider row would write past the flush point (and the buffer's end). Checked in debug builds only.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertRowBounds(int fieldBytes)
    {
#if DEBUG
        Debug.Assert(
            _position + fieldBytes - _rowStart <= MaxRowBytes,
            $"A row grew to {_position + fieldBytes - _rowStart} bytes, more than MaxRowBytes ({MaxRowBytes}): raise it or narrow the row.");
#endif
    }

    private void Flush()
    {
        Stream stream = _stream ?? throw new InvalidOperationException("No COPY in progress: call Begin first.");
        stream.Write(_buffer, 0, _position);
        BytesWritten += _position;
        _position = 0;
    }

    private static UInt128 Pow10(int exponent)
    {
        UInt128 value = 1;
        if (exponent > 19)
        {
            value = s_powersOfTen[19];
            exponent -= 19;
        }

        return value * s_powersOfTen[exponent];
    }

    private static ulong[] BuildPowersOfTen()
    {
        var powers = new ulong[20];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowScale(int decimals) =>
        throw new ArgumentOutOfRangeException(nameof(decimals), decimals, $"A numeric is written with 0..{MaxDecimals} decimals.");
}
