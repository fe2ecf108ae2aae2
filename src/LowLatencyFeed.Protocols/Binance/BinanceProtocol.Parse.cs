using System.Buffers;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>The JSON pass: fills a <see cref="BinanceMessage"/> from one message, in any key order.</summary>
public sealed partial class BinanceProtocol
{
    private void Parse(in ReadOnlySequence<byte> message, long start, long length, bool topLevel, ref BinanceMessage m)
    {
        Span<byte> names = stackalloc byte[BinanceJson.NameScratchBytes];
        Span<byte> values = stackalloc byte[BinanceJson.ValueScratchBytes];
        try
        {
            Utf8JsonReader reader = message.IsSingleSegment
                ? new Utf8JsonReader(message.FirstSpan.Slice((int)start, (int)length), BinanceJson.ReaderOptions)
                : new Utf8JsonReader(message.Slice(start, length), BinanceJson.ReaderOptions);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    m.Fail(ParseErrorReason.UnknownMessageCode, "top-level JSON array (all-market stream) is not decoded", start + reader.TokenStartIndex);
                }
                else
                {
                    m.Fail(ParseErrorReason.BadJson, "message is not a JSON object", start + reader.TokenStartIndex);
                }

                return;
            }

            if (topLevel)
            {
                m.ObjectStart = start + reader.TokenStartIndex;
            }

            ParseObject(ref reader, ref m, topLevel, start, names, values);
            if (topLevel)
            {
                m.ObjectEnd = start + reader.BytesConsumed;
            }

            // Only whitespace may follow the object; the reader throws on anything else.
            reader.Read();
        }
        catch (JsonException ex)
        {
            m.Fail(ParseErrorReason.BadJson, ex.Message, start + (ex.BytePositionInLine ?? 0));
        }
    }

    private void ParseObject(ref Utf8JsonReader reader, ref BinanceMessage m, bool topLevel, long baseOffset, scoped Span<byte> names, scoped Span<byte> values)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!BinanceJson.TryGetText(reader, names, out ReadOnlySpan<byte> name))
            {
                name = default;
            }

            reader.Read();
            if (topLevel && name.Length > 1 && ParseWrapperKey(name, ref reader, ref m, baseOffset, names, values))
            {
                continue;
            }

            ParsePayloadKey(name, ref reader, ref m, baseOffset, values);
        }
    }

    private bool ParseWrapperKey(scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader, ref BinanceMessage m, long baseOffset, scoped Span<byte> names, scoped Span<byte> values)
    {
        if (name.SequenceEqual("stream"u8))
        {
            m.Present |= BinanceFields.Stream;
            if (reader.TokenType == JsonTokenType.String && BinanceJson.TryGetText(reader, values, out ReadOnlySpan<byte> stream))
            {
                ResolveStream(stream, ref m);
            }

            return true;
        }

        if (name.SequenceEqual("data"u8))
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                m.Fail(
                    reader.TokenType == JsonTokenType.StartArray ? ParseErrorReason.UnknownMessageCode : ParseErrorReason.BadJson,
                    "combined-stream data is not an object",
                    baseOffset + reader.TokenStartIndex);
                reader.Skip();
                return true;
            }

            m.Present |= BinanceFields.Data;
            m.DataStart = baseOffset + reader.TokenStartIndex;
            ParseObject(ref reader, ref m, topLevel: false, baseOffset, names, values);
            m.DataEnd = baseOffset + reader.BytesConsumed;
            return true;
        }

        if (name.SequenceEqual("result"u8))
        {
            m.Present |= BinanceFields.Result;
            reader.Skip();
            return true;
        }

        if (name.SequenceEqual("id"u8))
        {
            m.Present |= BinanceFields.Id;
            if (BinanceJson.TryReadInt64(reader, values, out long id))
            {
                m.ControlId = id;
            }

            reader.Skip();
            return true;
        }

        if (name.SequenceEqual("code"u8))
        {
            m.Present |= BinanceFields.Code;
            if (BinanceJson.TryReadInt64(reader, values, out long code))
            {
                m.ErrorCode = code;
            }

            reader.Skip();
            return true;
        }

        if (name.SequenceEqual("msg"u8))
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                m.Present |= BinanceFields.Message;

                // Kept as a range of the message; only turned into text if it is logged.
                m.MessageTextStart = baseOffset + reader.TokenStartIndex + 1;
                m.MessageTextLength = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            }

            reader.Skip();
            return true;
        }

        return false;
    }

    private void ParsePayloadKey(scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader, ref BinanceMessage m, long baseOffset, scoped Span<byte> values)
    {
        if (name.Length == 1)
        {
            long value;
            switch (name[0])
            {
                case (byte)'e':
                    if (reader.TokenType == JsonTokenType.String && BinanceJson.TryGetText(reader, values, out ReadOnlySpan<byte> type))
                    {
                        m.Type = ClassifyEventType(type);
                        m.Present |= BinanceFields.EventType;
                    }

                    return;
                case (byte)'E':
                    if (ReadInteger(ref reader, ref m, baseOffset, values, out value))
                    {
                        m.EventTime = value;
                        m.Present |= BinanceFields.EventTime;
                    }

                    return;
                case (byte)'T':
                    if (ReadInteger(ref reader, ref m, baseOffset, values, out value))
                    {
                        m.TradeTime = value;
                        m.Present |= BinanceFields.TradeTime;
                    }

                    return;
                case (byte)'t':
                    if (ReadInteger(ref reader, ref m, baseOffset, values, out value))
                    {
                        m.TradeId = value;
                        m.Present |= BinanceFields.TradeId;
                    }

                    return;
                case (byte)'U':
                    if (ReadInteger(ref reader, ref m, baseOffset, values, out value))
                    {
                        m.FirstUpdateId = value;
                        m.Present |= BinanceFields.FirstUpdateId;
                    }

                    return;
                case (byte)'u':
                    if (ReadInteger(ref reader, ref m, baseOffset, values, out value))
                    {
                        m.FinalUpdateId = value;
                        m.Present |= BinanceFields.FinalUpdateId;
                    }

                    return;
                case (byte)'s':
                    if (m.Symbol < 0 && reader.TokenType == JsonTokenType.String && BinanceJson.TryGetText(reader, values, out ReadOnlySpan<byte> symbol))
                    {
                        m.Symbol = _symbols.Find(symbol);
                    }

                    return;
                case (byte)'m':
                    if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                    {
                        m.BuyerIsMaker = reader.TokenType == JsonTokenType.True;
                        m.Present |= BinanceFields.BuyerIsMaker;
                    }

                    return;
                case (byte)'p':
                    if (ReadDecimal(ref reader, ref m, price: true, baseOffset, values, out value))
                    {
                        m.Price = value;
                        m.Present |= BinanceFields.Price;
                    }

                    return;
                case (byte)'q':
                    if (ReadDecimal(ref reader, ref m, price: false, baseOffset, values, out value))
                    {
                        m.Quantity = value;
                        m.Present |= BinanceFields.Quantity;
                    }

                    return;
                case (byte)'B':
                    if (ReadDecimal(ref reader, ref m, price: false, baseOffset, values, out value))
                    {
                        m.BidQuantity = value;
                        m.Present |= BinanceFields.BidQuantity;
                    }

                    return;
                case (byte)'A':
                    if (ReadDecimal(ref reader, ref m, price: false, baseOffset, values, out value))
                    {
                        m.AskQuantity = value;
                        m.Present |= BinanceFields.AskQuantity;
                    }

                    return;
                case (byte)'b':
                    // String: bookTicker best bid; array: depth bids; number: legacy trade buyer order id (ignored).
                    if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    {
                        ReadLevels(ref reader, ref m, bids: true, named: false, baseOffset, values);
                    }
                    else if (reader.TokenType == JsonTokenType.String && ReadDecimal(ref reader, ref m, price: true, baseOffset, values, out value))
                    {
                        m.BidPrice = value;
                        m.Present |= BinanceFields.BidPrice;
                    }
                    else
                    {
                        reader.Skip();
                    }

                    return;
                case (byte)'a':
                    // String: bookTicker best ask; array: depth asks; number: aggTrade id (legacy trade seller order id).
                    if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    {
                        ReadLevels(ref reader, ref m, bids: false, named: false, baseOffset, values);
                    }
                    else if (reader.TokenType == JsonTokenType.String)
                    {
                        if (ReadDecimal(ref reader, ref m, price: true, baseOffset, values, out value))
                        {
                            m.AskPrice = value;
                            m.Present |= BinanceFields.AskPrice;
                        }
                    }
                    else if (reader.TokenType == JsonTokenType.Number)
                    {
                        if (ReadInteger(ref reader, ref m, baseOffset, values, out value))
                        {
                            m.AggregateId = value;
                            m.Present |= BinanceFields.AggregateId;
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }

                    return;
                default:
                    reader.Skip();
                    return;
            }
        }

        if (name.SequenceEqual("lastUpdateId"u8))
        {
            if (ReadInteger(ref reader, ref m, baseOffset, values, out long id))
            {
                m.LastUpdateId = id;
                m.Present |= BinanceFields.LastUpdateId;
            }
        }
        else if (name.SequenceEqual("bids"u8))
        {
            ReadLevels(ref reader, ref m, bids: true, named: true, baseOffset, values);
        }
        else if (name.SequenceEqual("asks"u8))
        {
            ReadLevels(ref reader, ref m, bids: false, named: true, baseOffset, values);
        }
        else
        {
            reader.Skip();
        }
    }

    private void ResolveStream(scoped ReadOnlySpan<byte> stream, ref BinanceMessage m)
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

    private static bool ReadInteger(ref Utf8JsonReader reader, ref BinanceMessage m, long baseOffset, scoped Span<byte> values, out long value)
    {
        if (BinanceJson.TryReadInt64(reader, values, out value))
        {
            return true;
        }

        m.Fail(
            reader.TokenType == JsonTokenType.Number ? ParseErrorReason.BadNumber : ParseErrorReason.BadJson,
            reader.TokenType == JsonTokenType.Number ? "an id or time does not fit a 64-bit integer" : "an id or time is not a JSON integer",
            baseOffset + reader.TokenStartIndex);
        reader.Skip();
        return false;
    }

    private bool ReadDecimal(ref Utf8JsonReader reader, ref BinanceMessage m, bool price, long baseOffset, scoped Span<byte> values, out long value)
    {
        value = 0;
        if (m.Symbol < 0)
        {
            m.NeedsSymbol = true;
            reader.Skip();
            return false;
        }

        BinanceInstrument instrument = _instruments[m.Symbol];
        if (!BinanceJson.TryReadDecimal(reader, price ? instrument.PriceDecimals : instrument.QuantityDecimals, values, out value))
        {
            m.Fail(
                ParseErrorReason.BadNumber,
                price ? "a price is not a decimal at the instrument's price decimals" : "a quantity is not a decimal at the instrument's quantity decimals",
                baseOffset + reader.TokenStartIndex);
            reader.Skip();
            return false;
        }

        if (value < 0)
        {
            m.Fail(ParseErrorReason.InvalidValue, "a price or quantity is negative", baseOffset + reader.TokenStartIndex);
            return false;
        }

        return true;
    }

    private void ReadLevels(ref Utf8JsonReader reader, ref BinanceMessage m, bool bids, bool named, long baseOffset, scoped Span<byte> values)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            m.Fail(ParseErrorReason.BadJson, "a book side is not an array", baseOffset + reader.TokenStartIndex);
            reader.Skip();
            return;
        }

        if (m.Symbol < 0)
        {
            m.NeedsSymbol = true;
            reader.Skip();
            return;
        }

        BinanceInstrument instrument = _instruments[m.Symbol];
        Span<DepthLevel> destination = bids ? _bidScratch : _askScratch;
        if (!BinanceJson.TryReadLevels(ref reader, destination, instrument.PriceDecimals, instrument.QuantityDecimals, values, out int count, out ParseErrorReason reason, out string? detail, out long offset))
        {
            m.Fail(reason, detail ?? "bad book level", baseOffset + offset);
            return;
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
    }
}
