using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// A strict JSON lexer over one contiguous message (Binance/README.md §7.1): whitespace, strings, numbers, literals and
/// the skipping of whole values, each validated as RFC 8259 requires. Binance's parser reads its messages with it;
/// Kotak's control frames are checked with it (<see cref="IsValidDocument"/>) before System.Text.Json reads them. It reports a malformed token by returning false
/// and naming the problem in <see cref="Error"/> at <see cref="ErrorAt"/> — never by throwing, so a garbled frame costs
/// no more than a good one. The protocol's parser drives it in one forward pass and reads the fields it knows itself.
/// </summary>
internal ref struct StrictJsonScanner
{
    /// <summary>Deepest nesting of objects and arrays accepted (the default of <see cref="System.Text.Json.Utf8JsonReader"/>).</summary>
    public const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _json;
    private int _position;

    /// <summary>A scanner over <paramref name="json"/>, positioned at <paramref name="start"/>.</summary>
    public StrictJsonScanner(ReadOnlySpan<byte> json, int start)
    {
        _json = json;
        _position = start;
        Error = null;
        ErrorAt = 0;
    }

    /// <summary>What is malformed, once a method returned false.</summary>
    public string? Error { get; private set; }

    /// <summary>The offset of the malformed byte, once a method returned false.</summary>
    public int ErrorAt { get; private set; }

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>The whole message.</summary>
    public readonly ReadOnlySpan<byte> Json => _json;

    /// <summary>Skips whitespace and returns the next byte without consuming it; 0 at the end (0 is never valid there either).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Peek()
    {
        if ((uint)_position < (uint)_json.Length)
        {
            byte b = _json[_position];
            if (b > (byte)' ')
            {
                return b;
            }
        }

        return PeekAfterWhitespace();
    }

    /// <summary>Consumes one byte (the one <see cref="Peek"/> returned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance() => _position++;

    /// <summary>True when only whitespace remains.</summary>
    public bool AtEnd()
    {
        Peek();
        return _position >= _json.Length;
    }

    /// <summary>Consumes <paramref name="expected"/> after optional whitespace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConsume(byte expected, string error)
    {
        if (Peek() == expected)
        {
            _position++;
            return true;
        }

        return Fail(error);
    }

    /// <summary>
    /// Reads a string (positioned on its opening quote): its raw content is <c>[start, end)</c>; <paramref name="escaped"/>
    /// when it holds a backslash escape (each checked for syntax, not decoded).
    /// </summary>
    public bool TryReadString(out int start, out int end, out bool escaped)
    {
        ReadOnlySpan<byte> json = _json;
        int i = _position + 1;
        start = i;
        escaped = false;
        while (true)
        {
            if ((uint)i >= (uint)json.Length)
            {
                end = i;
                return Fail("a string is not closed", i);
            }

            byte b = json[i];
            if (b == (byte)'"')
            {
                end = i;
                _position = i + 1;
                return true;
            }

            if (b < (byte)' ')
            {
                end = i;
                return Fail("a control character inside a string", i);
            }

            if (b == (byte)'\\')
            {
                escaped = true;
                if (!TrySkipEscape(ref i))
                {
                    end = i;
                    return false;
                }

                continue;
            }

            i++;
        }
    }

    /// <summary>
    /// Reads a number (positioned on its first byte) checking the JSON grammar <c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>;
    /// <paramref name="integer"/> when it has neither fraction nor exponent.
    /// </summary>
    public bool TryReadNumber(out int start, out int end, out bool integer)
    {
        ReadOnlySpan<byte> json = _json;
        int i = _position;
        start = i;
        integer = true;
        if (At(json, i) == (byte)'-')
        {
            i++;
        }

        byte b = At(json, i);
        if (b == (byte)'0')
        {
            i++;
        }
        else if (IsDigit(b))
        {
            i = SkipDigits(json, i + 1);
        }
        else
        {
            end = i;
            return Fail("a number has no digits", i);
        }

        if (At(json, i) == (byte)'.')
        {
            integer = false;
            if (!IsDigit(At(json, i + 1)))
            {
                end = i;
                return Fail("a number has no digits after its decimal point", i + 1);
            }

            i = SkipDigits(json, i + 2);
        }

        b = At(json, i);
        if (b is (byte)'e' or (byte)'E')
        {
            integer = false;
            i++;
            if (At(json, i) is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (!IsDigit(At(json, i)))
            {
                end = i;
                return Fail("a number has no digits in its exponent", i);
            }

            i = SkipDigits(json, i + 1);
        }

        end = i;
        _position = i;
        return true;
    }

    /// <summary>
    /// The fast path for a decimal string as Binance sends it, <c>"35743.98000000"</c> (scanner on its quote): digits, at
    /// most one point, digits beyond <paramref name="decimals"/> all zeros, the closing quote — read in one loop straight
    /// into a mantissa. False, with the position unchanged, for anything else (escapes, signs, exponents, a non-zero
    /// digit beyond the scale, more digits than fit without a check): the caller then takes the general path, whose
    /// rules (<see cref="Core.Pricing.FixedPoint.TryParseUtf8"/>) give the same value for everything accepted here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadPlainDecimalString(int decimals, ReadOnlySpan<ulong> powersOfTen, out long mantissa)
    {
        ReadOnlySpan<byte> json = _json;
        int i = _position + 1;
        int start = i;
        ulong value = 0;
        uint digit;
        while ((uint)i < (uint)json.Length && (digit = (uint)(json[i] - '0')) <= 9)
        {
            value = (value * 10) + digit;
            i++;
        }

        int integerDigits = i - start;
        int fractionDigits = 0;
        if ((uint)i < (uint)json.Length && json[i] == (byte)'.')
        {
            i++;
            while (fractionDigits < decimals && (uint)i < (uint)json.Length && (digit = (uint)(json[i] - '0')) <= 9)
            {
                value = (value * 10) + digit;
                fractionDigits++;
                i++;
            }

            while ((uint)i < (uint)json.Length && json[i] == (byte)'0')
            {
                i++;
            }
        }

        if ((uint)i >= (uint)json.Length || json[i] != (byte)'"' || integerDigits + decimals > 18 || integerDigits + fractionDigits == 0)
        {
            mantissa = 0;
            return false;
        }

        _position = i + 1;
        mantissa = (long)(value * powersOfTen[decimals - fractionDigits]);
        return true;
    }

    /// <summary>
    /// The fast path for an id or time, a JSON integer of 1 to 18 digits without sign (scanner on its first digit), read
    /// in one loop. False, with the position unchanged, for anything else (the caller takes the general path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadPlainInteger(out long value)
    {
        ReadOnlySpan<byte> json = _json;
        int i = _position;
        ulong accumulator = 0;
        uint digit;
        while ((uint)i < (uint)json.Length && (digit = (uint)(json[i] - '0')) <= 9)
        {
            accumulator = (accumulator * 10) + digit;
            i++;
        }

        int digits = i - _position;
        byte next = (uint)i < (uint)json.Length ? json[i] : (byte)0;
        if (digits is 0 or > 18 || (digits > 1 && json[_position] == (byte)'0') || next is (byte)'.' or (byte)'e' or (byte)'E')
        {
            value = 0;
            return false;
        }

        _position = i;
        value = (long)accumulator;
        return true;
    }

    /// <summary>Reads <c>true</c> or <c>false</c> when the next value is one; false without an error otherwise.</summary>
    public bool TryReadBoolean(out bool value)
    {
        ReadOnlySpan<byte> rest = _json[_position..];
        if (rest.StartsWith("true"u8))
        {
            _position += 4;
            value = true;
            return true;
        }

        if (rest.StartsWith("false"u8))
        {
            _position += 5;
            value = false;
            return true;
        }

        value = false;
        return false;
    }

    /// <summary>Skips one whole value of any kind (positioned on its first byte), checking it; <paramref name="depth"/> counts open containers around it.</summary>
    public bool TrySkipValue(int depth)
    {
        byte b = Peek();
        switch (b)
        {
            case (byte)'"':
                return TryReadString(out _, out _, out _);
            case (byte)'{':
                return TrySkipObject(depth + 1);
            case (byte)'[':
                return TrySkipArray(depth + 1);
            case (byte)'t':
                return TrySkipLiteral("true"u8);
            case (byte)'f':
                return TrySkipLiteral("false"u8);
            case (byte)'n':
                return TrySkipLiteral("null"u8);
            default:
                if (b == (byte)'-' || IsDigit(b))
                {
                    return TryReadNumber(out _, out _, out _);
                }

                return Fail(b == 0 && _position >= _json.Length ? "the message ends where a value should start" : "a value does not start with a JSON token");
        }
    }

    /// <summary>
    /// True when <paramref name="json"/> is one valid JSON value and whitespace; otherwise false with the problem and
    /// its offset — without the exception <see cref="System.Text.Json.Utf8JsonReader"/> would throw.
    /// </summary>
    public static bool IsValidDocument(ReadOnlySpan<byte> json, out string? error, out int errorAt)
    {
        var scanner = new StrictJsonScanner(json, 0);
        if (scanner.TrySkipValue(0) && !scanner.AtEnd())
        {
            scanner.Fail("data after the JSON value");
        }

        error = scanner.Error;
        errorAt = scanner.ErrorAt;
        return error is null;
    }

    /// <summary>Fails at the current position.</summary>
    public bool Fail(string error) => Fail(error, _position);

    /// <summary>Fails at <paramref name="at"/>, keeping the first error.</summary>
    public bool Fail(string error, int at)
    {
        if (Error is null)
        {
            Error = error;
            ErrorAt = at;
        }

        return false;
    }

    /// <summary>Checks the depth of a container about to be entered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CheckDepth(int depth) => depth <= MaxDepth || Fail("objects and arrays nest deeper than 64");

    /// <summary>Reads the separator after a member or element: true with <paramref name="more"/> on ',', true without on <paramref name="close"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadSeparator(byte close, out bool more)
    {
        byte b = Peek();
        _position++;
        if (b == (byte)',')
        {
            more = true;
            return true;
        }

        more = false;
        if (b == close)
        {
            return true;
        }

        _position--;
        return Fail(close == (byte)'}' ? "expected ',' or '}' after an object member" : "expected ',' or ']' after an array element");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte PeekAfterWhitespace()
    {
        ReadOnlySpan<byte> json = _json;
        int i = _position;
        while ((uint)i < (uint)json.Length)
        {
            byte b = json[i];
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                _position = i;
                return b;
            }

            i++;
        }

        _position = i;
        return 0;
    }

    private bool TrySkipObject(int depth)
    {
        if (!CheckDepth(depth))
        {
            return false;
        }

        _position++;
        if (Peek() == (byte)'}')
        {
            _position++;
            return true;
        }

        while (true)
        {
            if (Peek() != (byte)'"')
            {
                return Fail("expected a property name");
            }

            if (!TryReadString(out _, out _, out _) || !TryConsume((byte)':', "expected ':' after a property name") || !TrySkipValue(depth)
                || !TryReadSeparator((byte)'}', out bool more))
            {
                return false;
            }

            if (!more)
            {
                return true;
            }
        }
    }

    private bool TrySkipArray(int depth)
    {
        if (!CheckDepth(depth))
        {
            return false;
        }

        _position++;
        if (Peek() == (byte)']')
        {
            _position++;
            return true;
        }

        while (true)
        {
            if (!TrySkipValue(depth) || !TryReadSeparator((byte)']', out bool more))
            {
                return false;
            }

            if (!more)
            {
                return true;
            }
        }
    }

    private bool TrySkipLiteral(ReadOnlySpan<byte> literal)
    {
        if (_json[_position..].StartsWith(literal))
        {
            _position += literal.Length;
            return true;
        }

        return Fail("a literal is not true, false or null");
    }

    private bool TrySkipEscape(ref int i)
    {
        ReadOnlySpan<byte> json = _json;
        switch (At(json, i + 1))
        {
            case (byte)'"':
            case (byte)'\\':
            case (byte)'/':
            case (byte)'b':
            case (byte)'f':
            case (byte)'n':
            case (byte)'r':
            case (byte)'t':
                i += 2;
                return true;
            case (byte)'u':
                for (int k = i + 2; k < i + 6; k++)
                {
                    if (!IsHex(At(json, k)))
                    {
                        return Fail("a \\u escape is not followed by four hex digits", k);
                    }
                }

                i += 6;
                return true;
            default:
                return Fail("an unknown escape in a string", i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte At(ReadOnlySpan<byte> json, int i) => (uint)i < (uint)json.Length ? json[i] : (byte)0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipDigits(ReadOnlySpan<byte> json, int i)
    {
        while ((uint)i < (uint)json.Length && IsDigit(json[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 'f' - 'a';
}
