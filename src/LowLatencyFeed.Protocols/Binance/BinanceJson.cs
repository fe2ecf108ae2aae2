using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Allocation-free token helpers over <see cref="Utf8JsonReader"/>, valid for single- and multi-segment input.
/// A token split across segments or escaped is copied (unescaped) into caller-provided stack scratch.
/// </summary>
internal static class BinanceJson
{
    /// <summary>Scratch for property names: longer names are never keys we know.</summary>
    public const int NameScratchBytes = 32;

    /// <summary>Scratch for scalar values (decimal strings, stream names).</summary>
    public const int ValueScratchBytes = 96;

    /// <summary>Reader options: strict JSON, default depth limit (64) so hostile nesting fails fast.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>
    /// The raw text of the current string, number or property-name token. False when it does not fit
    /// <paramref name="scratch"/> (only possible for split or escaped tokens longer than the scratch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetText(in Utf8JsonReader reader, Span<byte> scratch, out ReadOnlySpan<byte> text)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            text = reader.ValueSpan;
            return true;
        }

        return TryCopyText(reader, scratch, out text);
    }

    /// <summary>Reads a decimal string (or bare number) into a mantissa at <paramref name="decimals"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadDecimal(in Utf8JsonReader reader, int decimals, Span<byte> scratch, out long mantissa)
    {
        mantissa = 0;
        JsonTokenType type = reader.TokenType;
        if (type != JsonTokenType.String && type != JsonTokenType.Number)
        {
            return false;
        }

        return TryGetText(reader, scratch, out ReadOnlySpan<byte> text) && FixedPoint.TryParseUtf8(text, decimals, out mantissa);
    }

    /// <summary>
    /// Reads a JSON integer. Parses the token text itself: <see cref="Utf8JsonReader.TryGetInt64"/> copies a number
    /// split across segments into a new array.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadInt64(in Utf8JsonReader reader, Span<byte> scratch, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number
            && TryGetText(reader, scratch, out ReadOnlySpan<byte> text)
            && Utf8Parser.TryParse(text, out value, out int consumed)
            && consumed == text.Length;
    }

    /// <summary>
    /// Reads a level array <c>[["price","qty"],…]</c> (reader on its <see cref="JsonTokenType.StartArray"/>) into
    /// <paramref name="destination"/>, always consuming the whole array. Extra elements in a level are ignored.
    /// </summary>
    /// <returns>False with the first problem found; the levels read so far are then meaningless.</returns>
    public static bool TryReadLevels(
        ref Utf8JsonReader reader,
        Span<DepthLevel> destination,
        int priceDecimals,
        int quantityDecimals,
        scoped Span<byte> scratch,
        out int count,
        out ParseErrorReason reason,
        out string? detail,
        out long errorOffset)
    {
        count = 0;
        reason = default;
        detail = null;
        errorOffset = 0;
        while (reader.Read())
        {
            JsonTokenType type = reader.TokenType;
            if (type == JsonTokenType.EndArray)
            {
                break;
            }

            if (type != JsonTokenType.StartArray)
            {
                Fail(ref reader, ParseErrorReason.BadJson, "a book level is not an array", ref reason, ref detail, ref errorOffset);
                reader.Skip();
                continue;
            }

            long levelOffset = reader.TokenStartIndex;
            int element = 0;
            long price = 0;
            long quantity = 0;
            bool numbersOk = true;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (element == 0)
                {
                    numbersOk &= TryReadDecimal(reader, priceDecimals, scratch, out price);
                }
                else if (element == 1)
                {
                    numbersOk &= TryReadDecimal(reader, quantityDecimals, scratch, out quantity);
                }

                // Nested containers (never sent) are skipped whatever their position.
                reader.Skip();
                element++;
            }

            if (detail is not null)
            {
                continue;
            }

            if (element < 2)
            {
                Fail(levelOffset, ParseErrorReason.BadJson, "a book level has fewer than two elements", ref reason, ref detail, ref errorOffset);
            }
            else if (!numbersOk)
            {
                Fail(levelOffset, ParseErrorReason.BadNumber, "a book level price or quantity is not a decimal at the instrument's scale", ref reason, ref detail, ref errorOffset);
            }
            else if (price <= 0 || quantity < 0)
            {
                Fail(levelOffset, ParseErrorReason.InvalidValue, "a book level has a non-positive price or a negative quantity", ref reason, ref detail, ref errorOffset);
            }
            else if (count == destination.Length)
            {
                Fail(levelOffset, ParseErrorReason.InvalidValue, "a book side has more levels than the configured maximum", ref reason, ref detail, ref errorOffset);
            }
            else
            {
                destination[count++] = new DepthLevel(price, quantity, 0);
            }
        }

        return detail is null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryCopyText(in Utf8JsonReader reader, Span<byte> scratch, out ReadOnlySpan<byte> text)
    {
        long length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > scratch.Length)
        {
            text = default;
            return false;
        }

        Span<byte> raw = scratch[..(int)length];
        if (reader.HasValueSequence)
        {
            reader.ValueSequence.CopyTo(raw);
        }
        else
        {
            reader.ValueSpan.CopyTo(raw);
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            // Number tokens are never escaped.
            text = raw;
            return true;
        }

        // Unescaped here rather than by Utf8JsonReader.CopyString, which reports invalid UTF-8 by throwing: an
        // InvalidOperationException and its allocation per garbled frame (e.g. an escaped key with a stray 0xF3 byte).
        int written = raw.Length;
        if ((reader.ValueIsEscaped && !TryUnescapeInPlace(raw, out written)) || !Utf8.IsValid(raw[..written]))
        {
            // An escape that decodes to invalid UTF-8 (a lone surrogate) or invalid UTF-8 bytes: not a value we can use.
            text = default;
            return false;
        }

        text = raw[..written];
        return true;
    }

    /// <summary>
    /// Decodes the JSON escapes of <paramref name="text"/> (a string token the reader already checked) in place; every
    /// escape is at least as long as what it decodes to. False for a lone or reversed surrogate.
    /// </summary>
    internal static bool TryUnescapeInPlace(Span<byte> text, out int written)
    {
        written = 0;
        int read = 0;
        while (read < text.Length)
        {
            byte b = text[read];
            if (b != (byte)'\\')
            {
                text[written++] = b;
                read++;
                continue;
            }

            if (read + 1 >= text.Length)
            {
                return false;
            }

            byte simple = text[read + 1] switch
            {
                (byte)'"' => (byte)'"',
                (byte)'\\' => (byte)'\\',
                (byte)'/' => (byte)'/',
                (byte)'b' => (byte)'\b',
                (byte)'f' => (byte)'\f',
                (byte)'n' => (byte)'\n',
                (byte)'r' => (byte)'\r',
                (byte)'t' => (byte)'\t',
                _ => 0,
            };
            if (simple != 0)
            {
                text[written++] = simple;
                read += 2;
                continue;
            }

            if (text[read + 1] != (byte)'u' || !TryReadHex4(text, read + 2, out int code))
            {
                return false;
            }

            read += 6;
            if (code is >= 0xD800 and <= 0xDBFF)
            {
                if (read + 6 > text.Length || text[read] != (byte)'\\' || text[read + 1] != (byte)'u'
                    || !TryReadHex4(text, read + 2, out int low) || low is < 0xDC00 or > 0xDFFF)
                {
                    return false;
                }

                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                read += 6;
            }
            else if (code is >= 0xDC00 and <= 0xDFFF)
            {
                return false;
            }

            written += new Rune(code).EncodeToUtf8(text[written..]);
        }

        return true;
    }

    private static bool TryReadHex4(ReadOnlySpan<byte> text, int at, out int value)
    {
        value = 0;
        if (at + 4 > text.Length)
        {
            return false;
        }

        for (int i = at; i < at + 4; i++)
        {
            int digit = HexValue(text[i]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static void Fail(ref Utf8JsonReader reader, ParseErrorReason why, string what, ref ParseErrorReason reason, ref string? detail, ref long offset)
        => Fail(reader.TokenStartIndex, why, what, ref reason, ref detail, ref offset);

    private static void Fail(long at, ParseErrorReason why, string what, ref ParseErrorReason reason, ref string? detail, ref long offset)
    {
        if (detail is null)
        {
            reason = why;
            detail = what;
            offset = at;
        }
    }
}
