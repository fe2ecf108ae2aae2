using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// The JSON pass (Binance/README.md §7.1): one forward pass over the message with <see cref="StrictJsonScanner"/>,
/// keys dispatched as they come (any order, unknown keys skipped), numbers parsed straight from the bytes into
/// mantissas and integers. Malformed input is an error reason and an offset in the <see cref="BinanceMessage"/>, never
/// an exception.
/// </summary>
public sealed partial class BinanceProtocol
{
    /// <summary>The first size of the buffer a message spread over several segments is copied into.</summary>
    private const int InitialContiguousBytes = 64 * 1024;

    /// <summary>Escaped text longer than this is never a key or value we use.</summary>
    private const int TextScratchBytes = 96;

    private readonly byte[] _textScratch = new byte[TextScratchBytes];
    private byte[] _contiguous = new byte[InitialContiguousBytes];

    /// <summary>The message as one span: itself when contiguous, else copied (the scanner reads one span).</summary>
    private ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> message)
    {
        if (message.IsSingleSegment)
        {
            return message.FirstSpan;
        }

        long length = message.Length;
        if (length > _contiguous.Length)
        {
            Grow(length);
        }

        message.CopyTo(_contiguous);
        return _contiguous.AsSpan(0, (int)length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(long length)
    {
        // Only a new largest message allocates; the buffer is kept for the connection's life.
        _contiguous = new byte[(int)Math.Min(Array.MaxLength, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)length))];
    }

    private void Parse(ReadOnlySpan<byte> json, int start, int end, bool topLevel, ref BinanceMessage m)
    {
        var scanner = new StrictJsonScanner(json[..end], start);
        byte first = scanner.Peek();
        if (first != (byte)'{')
        {
            if (first == (byte)'[')
            {
                m.Fail(ParseErrorReason.UnknownMessageCode, "top-level JSON array (all-market stream) is not decoded", scanner.Position);
            }
            else
            {
                m.Fail(ParseErrorReason.BadJson, "message is not a JSON object", scanner.Position);
            }

            return;
        }

        if (topLevel)
        {
            m.ObjectStart = scanner.Position;
        }

        if (ParseObject(ref scanner, ref m, topLevel, depth: 1))
        {
            if (topLevel)
            {
                m.ObjectEnd = scanner.Position;
            }

            if (!scanner.AtEnd())
            {
                scanner.Fail("data after the JSON object");
            }
        }

        if (scanner.Error is not null)
        {
            m.Fail(ParseErrorReason.BadJson, scanner.Error, scanner.ErrorAt);
        }
    }

    /// <summary>Reads an object (scanner on its '{'); false on the first error (in the scanner or in <paramref name="m"/>).</summary>
    private bool ParseObject(ref StrictJsonScanner scanner, ref BinanceMessage m, bool topLevel, int depth)
    {
        if (!scanner.CheckDepth(depth))
        {
            return false;
        }

        scanner.Advance();
        if (scanner.Peek() == (byte)'}')
        {
            scanner.Advance();
            return true;
        }

        while (true)
        {
            if (scanner.Peek() != (byte)'"')
            {
                return scanner.Fail("expected a property name");
            }

            if (!scanner.TryReadString(out int nameStart, out int nameEnd, out bool nameEscaped)
                || !scanner.TryConsume((byte)':', "expected ':' after a property name"))
            {
                return false;
            }

            ReadOnlySpan<byte> name = scanner.Json[nameStart..nameEnd];
            if (nameEscaped && !TryUnescape(name, out name))
            {
                name = default;
            }

            scanner.Peek();
            bool ok = topLevel && name.Length > 1 && IsWrapperKey(name)
                ? ParseWrapperKey(name, ref scanner, ref m, depth)
                : ParsePayloadKey(name, ref scanner, ref m, depth);
            if (!ok || m.HasError || !scanner.TryReadSeparator((byte)'}', out bool more))
            {
                return false;
            }

            if (!more)
            {
                return true;
            }
        }
    }

    private static bool IsWrapperKey(ReadOnlySpan<byte> name)
        => name.SequenceEqual("stream"u8) || name.SequenceEqual("data"u8) || name.SequenceEqual("result"u8)
           || name.SequenceEqual("id"u8) || name.SequenceEqual("code"u8) || name.SequenceEqual("msg"u8);

    private bool ParseWrapperKey(ReadOnlySpan<byte> name, ref StrictJsonScanner scanner, ref BinanceMessage m, int depth)
    {
        byte first = scanner.Peek();
        switch (name[0])
        {
            case (byte)'s':
                m.Present |= BinanceFields.Stream;
                if (first != (byte)'"')
                {
                    return scanner.TrySkipValue(depth);
                }

                if (!ReadText(ref scanner, out ReadOnlySpan<byte> stream, out bool usable))
                {
                    return false;
                }

                if (usable)
                {
                    ResolveStream(stream, ref m);
                }

                return true;
            case (byte)'d':
                if (first != (byte)'{')
                {
                    m.Fail(
                        first == (byte)'[' ? ParseErrorReason.UnknownMessageCode : ParseErrorReason.BadJson,
                        "combined-stream data is not an object",
                        scanner.Position);
                    return scanner.TrySkipValue(depth);
                }

                m.Present |= BinanceFields.Data;
                m.DataStart = scanner.Position;
                if (!ParseObject(ref scanner, ref m, topLevel: false, depth + 1))
                {
                    return false;
                }

                m.DataEnd = scanner.Position;
                return true;
            case (byte)'r':
                m.Present |= BinanceFields.Result;
                return scanner.TrySkipValue(depth);
            case (byte)'i':
                m.Present |= BinanceFields.Id;
                if (first == (byte)'-' || StrictJsonScanner.IsDigit(first))
                {
                    if (!scanner.TryReadNumber(out int start, out int end, out bool integer))
                    {
                        return false;
                    }

                    if (integer && TryParseInt64(scanner.Json[start..end], out long id))
                    {
                        m.ControlId = id;
                    }

                    return true;
                }

                return scanner.TrySkipValue(depth);
            case (byte)'c':
                m.Present |= BinanceFields.Code;
                if (first == (byte)'-' || StrictJsonScanner.IsDigit(first))
                {
                    if (!scanner.TryReadNumber(out int start, out int end, out bool integer))
                    {
                        return false;
                    }

                    if (integer && TryParseInt64(scanner.Json[start..end], out long code))
                    {
                        m.ErrorCode = code;
                    }

                    return true;
                }

                return scanner.TrySkipValue(depth);
            default:
                // "msg": kept as a range of the message; only turned into text if it is logged.
                if (first != (byte)'"')
                {
                    return scanner.TrySkipValue(depth);
                }

                if (!scanner.TryReadString(out int textStart, out int textEnd, out _))
                {
                    return false;
                }

                m.Present |= BinanceFields.Message;
                m.MessageTextStart = textStart;
                m.MessageTextLength = textEnd - textStart;
                return true;
        }
    }

    private bool ParsePayloadKey(ReadOnlySpan<byte> name, ref StrictJsonScanner scanner, ref BinanceMessage m, int depth)
    {
        if (name.Length == 1)
        {
            long value;
            byte first = scanner.Peek();
            switch (name[0])
            {
                case (byte)'e':
                    if (first != (byte)'"')
                    {
                        return scanner.TrySkipValue(depth);
                    }

                    if (!ReadText(ref scanner, out ReadOnlySpan<byte> type, out bool usable))
                    {
                        return false;
                    }

                    if (usable)
                    {
                        m.Type = ClassifyEventType(type);
                        m.Present |= BinanceFields.EventType;
                    }

                    return true;
                case (byte)'E':
                    if (!ReadInteger(ref scanner, ref m, depth, out value))
                    {
                        return false;
                    }

                    m.EventTime = value;
                    m.Present |= BinanceFields.EventTime;
                    return true;
                case (byte)'T':
                    if (!ReadInteger(ref scanner, ref m, depth, out value))
                    {
                        return false;
                    }

                    m.TradeTime = value;
                    m.Present |= BinanceFields.TradeTime;
                    return true;
                case (byte)'t':
                    if (!ReadInteger(ref scanner, ref m, depth, out value))
                    {
                        return false;
                    }

                    m.TradeId = value;
                    m.Present |= BinanceFields.TradeId;
                    return true;
                case (byte)'U':
                    if (!ReadInteger(ref scanner, ref m, depth, out value))
                    {
                        return false;
                    }

                    m.FirstUpdateId = value;
                    m.Present |= BinanceFields.FirstUpdateId;
                    return true;
                case (byte)'u':
                    if (!ReadInteger(ref scanner, ref m, depth, out value))
                    {
                        return false;
                    }

                    m.FinalUpdateId = value;
                    m.Present |= BinanceFields.FinalUpdateId;
                    return true;
                case (byte)'s':
                    if (first != (byte)'"')
                    {
                        return scanner.TrySkipValue(depth);
                    }

                    if (!ReadText(ref scanner, out ReadOnlySpan<byte> symbol, out bool known))
                    {
                        return false;
                    }

                    if (known && m.Symbol < 0)
                    {
                        m.Symbol = _symbols.Find(symbol);
                    }

                    return true;
                case (byte)'m':
                    if (scanner.TryReadBoolean(out bool buyerIsMaker))
                    {
                        m.BuyerIsMaker = buyerIsMaker;
                        m.Present |= BinanceFields.BuyerIsMaker;
                        return true;
                    }

                    return scanner.TrySkipValue(depth);
                case (byte)'p':
                    if (!ReadDecimal(ref scanner, ref m, price: true, depth, out value))
                    {
                        return !m.HasError && scanner.Error is null;
                    }

                    m.Price = value;
                    m.Present |= BinanceFields.Price;
                    return true;
                case (byte)'q':
                    if (!ReadDecimal(ref scanner, ref m, price: false, depth, out value))
                    {
                        return !m.HasError && scanner.Error is null;
                    }

                    m.Quantity = value;
                    m.Present |= BinanceFields.Quantity;
                    return true;
                case (byte)'B':
                    if (!ReadDecimal(ref scanner, ref m, price: false, depth, out value))
                    {
                        return !m.HasError && scanner.Error is null;
                    }

                    m.BidQuantity = value;
                    m.Present |= BinanceFields.BidQuantity;
                    return true;
                case (byte)'A':
                    if (!ReadDecimal(ref scanner, ref m, price: false, depth, out value))
                    {
                        return !m.HasError && scanner.Error is null;
                    }

                    m.AskQuantity = value;
                    m.Present |= BinanceFields.AskQuantity;
                    return true;
                case (byte)'b':
                    // String: bookTicker best bid; array: depth bids; number: legacy trade buyer order id (ignored).
                    if (first is (byte)'[' or (byte)'{')
                    {
                        return ReadLevels(ref scanner, ref m, bids: true, named: false, depth);
                    }

                    if (first != (byte)'"')
                    {
                        return scanner.TrySkipValue(depth);
                    }

                    if (!ReadDecimal(ref scanner, ref m, price: true, depth, out value))
                    {
                        return !m.HasError && scanner.Error is null;
                    }

                    m.BidPrice = value;
                    m.Present |= BinanceFields.BidPrice;
                    return true;
                case (byte)'a':
                    // String: bookTicker best ask; array: depth asks; number: aggTrade id (legacy trade seller order id).
                    if (first is (byte)'[' or (byte)'{')
                    {
                        return ReadLevels(ref scanner, ref m, bids: false, named: false, depth);
                    }

                    if (first == (byte)'"')
                    {
                        if (!ReadDecimal(ref scanner, ref m, price: true, depth, out value))
                        {
                            return !m.HasError && scanner.Error is null;
                        }

                        m.AskPrice = value;
                        m.Present |= BinanceFields.AskPrice;
                        return true;
                    }

                    if (first == (byte)'-' || StrictJsonScanner.IsDigit(first))
                    {
                        if (!ReadInteger(ref scanner, ref m, depth, out value))
                        {
                            return false;
                        }

                        m.AggregateId = value;
                        m.Present |= BinanceFields.AggregateId;
                        return true;
                    }

                    return scanner.TrySkipValue(depth);
                default:
                    return scanner.TrySkipValue(depth);
            }
        }

        if (name.SequenceEqual("lastUpdateId"u8))
        {
            if (!ReadInteger(ref scanner, ref m, depth, out long id))
            {
                return false;
            }

            m.LastUpdateId = id;
            m.Present |= BinanceFields.LastUpdateId;
            return true;
        }

        if (name.SequenceEqual("bids"u8))
        {
            return ReadLevels(ref scanner, ref m, bids: true, named: true, depth);
        }

        if (name.SequenceEqual("asks"u8))
        {
            return ReadLevels(ref scanner, ref m, bids: false, named: true, depth);
        }

        return scanner.TrySkipValue(depth);
    }

    private void ResolveStream(ReadOnlySpan<byte> stream, ref BinanceMessage m)
    {
        int at = stream.IndexOf((byte)'@');
        if (at <= 0)
        {
            // "!serverShutdown" and other symbol-less streams.
            return;
        }

        int symbol = _symbols.Find(stream[..at]);
        if (symbol < 0)
        {
            m.StreamSymbolUnknown = true;
        }
        else if (m.Symbol < 0)
        {
            // Normally first; when "data" came first with its own "s", keep the scale its numbers were read at.
            m.Symbol = symbol;
        }
    }

    private static BinanceEventType ClassifyEventType(ReadOnlySpan<byte> type)
    {
        if (type.SequenceEqual("trade"u8))
        {
            return BinanceEventType.Trade;
        }

        if (type.SequenceEqual("depthUpdate"u8))
        {
            return BinanceEventType.DepthUpdate;
        }

        if (type.SequenceEqual("aggTrade"u8))
        {
            return BinanceEventType.AggTrade;
        }

        if (type.SequenceEqual("bookTicker"u8))
        {
            return BinanceEventType.BookTicker;
        }

        if (type.SequenceEqual("serverShutdown"u8))
        {
            return BinanceEventType.ServerShutdown;
        }

        return BinanceEventType.Unknown;
    }

    /// <summary>
    /// Reads a string value (scanner on its quote): <paramref name="usable"/> is false when it is escaped and does not
    /// decode to valid UTF-8 that fits the scratch (it then matches no key, symbol or type). False on malformed JSON.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ReadText(ref StrictJsonScanner scanner, out ReadOnlySpan<byte> text, out bool usable)
    {
        if (!scanner.TryReadString(out int start, out int end, out bool escaped))
        {
            text = default;
            usable = false;
            return false;
        }

        text = scanner.Json[start..end];
        usable = !escaped || TryUnescape(text, out text);
        return true;
    }

    /// <summary>Decodes an escaped string into the scratch; false when it is too long or not valid UTF-8 once decoded.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryUnescape(ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (raw.Length > _textScratch.Length)
        {
            return false;
        }

        Span<byte> scratch = _textScratch.AsSpan(0, raw.Length);
        raw.CopyTo(scratch);
        if (!BinanceJson.TryUnescapeInPlace(scratch, out int written) || !Utf8.IsValid(scratch[..written]))
        {
            // An escape that decodes to a lone surrogate, or invalid UTF-8 bytes: not a value we can use.
            return false;
        }

        text = scratch[..written];
        return true;
    }

    /// <summary>
    /// Reads an id or time. A JSON integer that does not fit 64 bits, or a number with a fraction or exponent, is
    /// BadNumber; any other value is BadJson. False with the error recorded.
    /// </summary>
    private static bool ReadInteger(ref StrictJsonScanner scanner, ref BinanceMessage m, int depth, out long value)
    {
        int at = scanner.Position;
        byte first = scanner.Peek();
        if (scanner.TryReadPlainInteger(out value))
        {
            return true;
        }

        if (first != (byte)'-' && !StrictJsonScanner.IsDigit(first))
        {
            if (scanner.TrySkipValue(depth))
            {
                m.Fail(ParseErrorReason.BadJson, "an id or time is not a JSON integer", at);
            }

            return false;
        }

        if (!scanner.TryReadNumber(out int start, out int end, out bool integer))
        {
            return false;
        }

        if (!integer || !TryParseInt64(scanner.Json[start..end], out value))
        {
            m.Fail(ParseErrorReason.BadNumber, "an id or time does not fit a 64-bit integer", at);
            return false;
        }

        return true;
    }

    /// <summary>A JSON integer token (grammar already checked) into a long; false when it does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParseInt64(ReadOnlySpan<byte> digits, out long value)
    {
        bool negative = digits[0] == (byte)'-';
        int i = negative ? 1 : 0;
        int count = digits.Length - i;
        ulong accumulator = 0;
        if (count <= 18)
        {
            for (; i < digits.Length; i++)
            {
                accumulator = (accumulator * 10) + (uint)(digits[i] - '0');
            }
        }
        else
        {
            for (; i < digits.Length; i++)
            {
                uint digit = (uint)(digits[i] - '0');
                if (accumulator > (ulong.MaxValue - digit) / 10)
                {
                    value = 0;
                    return false;
                }

                accumulator = (accumulator * 10) + digit;
            }

            if (accumulator > (negative ? 1UL << 63 : long.MaxValue))
            {
                value = 0;
                return false;
            }
        }

        value = negative ? (long)(0 - accumulator) : (long)accumulator;
        return true;
    }

    /// <summary>
    /// Reads a price or quantity at the instrument's scale. False when no value came: an error recorded (in
    /// <paramref name="m"/> or the scanner), or the symbol not yet known (<see cref="BinanceMessage.NeedsSymbol"/>).
    /// </summary>
    private bool ReadDecimal(ref StrictJsonScanner scanner, ref BinanceMessage m, bool price, int depth, out long value)
    {
        value = 0;
        int at = scanner.Position;
        if (m.Symbol < 0)
        {
            m.NeedsSymbol = true;
            scanner.TrySkipValue(depth);
            return false;
        }

        BinanceInstrument instrument = _instruments[m.Symbol];
        if (!TryReadDecimalValue(ref scanner, price ? instrument.PriceDecimals : instrument.QuantityDecimals, depth, out value))
        {
            if (scanner.Error is null)
            {
                m.Fail(
                    ParseErrorReason.BadNumber,
                    price ? "a price is not a decimal at the instrument's price decimals" : "a quantity is not a decimal at the instrument's quantity decimals",
                    at);
            }

            return false;
        }

        if (value < 0)
        {
            m.Fail(ParseErrorReason.InvalidValue, "a price or quantity is negative", at);
            return false;
        }

        return true;
    }

    /// <summary>
    /// A decimal string (or bare number) into a mantissa. False when the value is not one (the scanner then holds an
    /// error only if the JSON itself is malformed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadDecimalValue(ref StrictJsonScanner scanner, int decimals, int depth, out long mantissa)
    {
        byte first = scanner.Peek();
        if (first == (byte)'"')
        {
            if (scanner.TryReadPlainDecimalString(decimals, BinanceDecimalText.PowersOfTen, out mantissa))
            {
                return true;
            }

            return ReadText(ref scanner, out ReadOnlySpan<byte> text, out bool usable) && usable
                && BinanceDecimalText.TryParse(text, decimals, out mantissa);
        }

        if (first == (byte)'-' || StrictJsonScanner.IsDigit(first))
        {
            mantissa = 0;
            return scanner.TryReadNumber(out int start, out int end, out _)
                && BinanceDecimalText.TryParse(scanner.Json[start..end], decimals, out mantissa);
        }

        mantissa = 0;
        scanner.TrySkipValue(depth);
        return false;
    }

    /// <summary>Reads a book side <c>[["price","qty"],…]</c> into the protocol's scratch; false on the first error.</summary>
    private bool ReadLevels(ref StrictJsonScanner scanner, ref BinanceMessage m, bool bids, bool named, int depth)
    {
        int sideAt = scanner.Position;
        if (scanner.Peek() != (byte)'[')
        {
            if (scanner.TrySkipValue(depth))
            {
                m.Fail(ParseErrorReason.BadJson, "a book side is not an array", sideAt);
            }

            return false;
        }

        if (m.Symbol < 0)
        {
            m.NeedsSymbol = true;
            return scanner.TrySkipValue(depth);
        }

        if (!scanner.CheckDepth(depth + 1))
        {
            return false;
        }

        BinanceInstrument instrument = _instruments[m.Symbol];
        int priceDecimals = instrument.PriceDecimals;
        int quantityDecimals = instrument.QuantityDecimals;
        Span<DepthLevel> destination = bids ? _bidScratch : _askScratch;
        int count = 0;
        scanner.Advance();
        if (scanner.Peek() == (byte)']')
        {
            scanner.Advance();
        }
        else
        {
            while (true)
            {
                int levelAt = scanner.Position;
                if (scanner.Peek() != (byte)'[')
                {
                    if (scanner.TrySkipValue(depth + 1))
                    {
                        m.Fail(ParseErrorReason.BadJson, "a book level is not an array", levelAt);
                    }

                    return false;
                }

                if (!ReadLevel(ref scanner, ref m, priceDecimals, quantityDecimals, depth + 2, out long price, out long quantity))
                {
                    return false;
                }

                if (count == destination.Length)
                {
                    m.Fail(ParseErrorReason.InvalidValue, "a book side has more levels than the configured maximum", levelAt);
                    return false;
                }

                destination[count++] = new DepthLevel(price, quantity, 0);
                if (!scanner.TryReadSeparator((byte)']', out bool more))
                {
                    return false;
                }

                if (!more)
                {
                    break;
                }
            }
        }

        if (named)
        {
            m.Present |= BinanceFields.NamedLevels;
        }

        if (bids)
        {
            m.BidCount = count;
            m.Present |= BinanceFields.BidLevels;
        }
        else
        {
            m.AskCount = count;
            m.Present |= BinanceFields.AskLevels;
        }

        return true;
    }

    /// <summary>Reads one level <c>["price","qty"(,…)]</c> (scanner on its '['); extra elements are checked and ignored.</summary>
    private bool ReadLevel(ref StrictJsonScanner scanner, ref BinanceMessage m, int priceDecimals, int quantityDecimals, int depth, out long price, out long quantity)
    {
        price = 0;
        quantity = 0;
        int levelAt = scanner.Position;
        if (!scanner.CheckDepth(depth))
        {
            return false;
        }

        scanner.Advance();
        int elements = 0;
        bool numbersOk = true;
        if (scanner.Peek() == (byte)']')
        {
            scanner.Advance();
        }
        else
        {
            while (true)
            {
                if (elements == 0)
                {
                    numbersOk &= TryReadDecimalValue(ref scanner, priceDecimals, depth, out price);
                }
                else if (elements == 1)
                {
                    numbersOk &= TryReadDecimalValue(ref scanner, quantityDecimals, depth, out quantity);
                }
                else
                {
                    scanner.TrySkipValue(depth);
                }

                elements++;
                if (scanner.Error is not null || !scanner.TryReadSeparator((byte)']', out bool more))
                {
                    return false;
                }

                if (!more)
                {
                    break;
                }
            }
        }

        if (elements < 2)
        {
            m.Fail(ParseErrorReason.BadJson, "a book level has fewer than two elements", levelAt);
            return false;
        }

        if (!numbersOk)
        {
            m.Fail(ParseErrorReason.BadNumber, "a book level price or quantity is not a decimal at the instrument's scale", levelAt);
            return false;
        }

        if (price <= 0 || quantity < 0)
        {
            m.Fail(ParseErrorReason.InvalidValue, "a book level has a non-positive price or a negative quantity", levelAt);
            return false;
        }

        return true;
    }
}
