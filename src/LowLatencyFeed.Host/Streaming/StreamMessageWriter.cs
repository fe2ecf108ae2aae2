using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Processing.Books;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// Writes the stream's market messages (<c>tick</c>, <c>trade</c>, <c>quote</c>, <c>depth</c>) and the fields every
/// message shares. Live sessions and replays both write through here, so their messages have one shape.
/// </summary>
public static class StreamMessageWriter
{
    /// <summary>Writes a <c>tick</c> or <c>trade</c> message.</summary>
    public static void WriteTick(Utf8JsonWriter json, in StreamItem item)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("type", item.IsTrade ? "trade" : "tick");
        WriteInstrument(json, item.Instrument);
        WriteTime(json, "time", item.TimeNs);
        json.WriteNumber("seq", item.Sequence);
        var fields = (TickFields)item.Fields;
        if ((fields & TickFields.LastPrice) != 0)
        {
            json.WriteNumber("price", FixedPoint.ToDecimal(item.Price, item.PriceDecimals));
        }

        if ((fields & TickFields.LastQuantity) != 0)
        {
            json.WriteNumber("quantity", FixedPoint.ToDecimal(item.Quantity, item.QuantityDecimals));
        }

        if (!item.IsTrade && (fields & TickFields.CumulativeVolume) != 0)
        {
            json.WriteNumber("volume", FixedPoint.ToDecimal(item.Volume, item.QuantityDecimals));
        }

        if (item.IsTrade && item.TradeId != 0)
        {
            json.WriteNumber("tradeId", item.TradeId);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes a <c>quote</c> message.</summary>
    public static void WriteQuote(Utf8JsonWriter json, in EventHeader header, in QuotePayload quote)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("type", "quote");
        WriteInstrument(json, header.Instrument);
        WriteTime(json, "time", header.ExchangeTimeNs != 0 ? header.ExchangeTimeNs : header.ReceiveTimeNs);
        json.WriteNumber("seq", header.Sequence);
        json.WriteNumber("bid", FixedPoint.ToDecimal(quote.BidPrice, header.PriceDecimals));
        json.WriteNumber("bidQuantity", FixedPoint.ToDecimal(quote.BidQuantity, header.QuantityDecimals));
        json.WriteNumber("ask", FixedPoint.ToDecimal(quote.AskPrice, header.PriceDecimals));
        json.WriteNumber("askQuantity", FixedPoint.ToDecimal(quote.AskQuantity, header.QuantityDecimals));
        json.WriteEndObject();
    }

    /// <summary>Writes a <c>depth</c> message of the book read from <paramref name="books"/> (as many levels per side as the spans hold); false (nothing written) when it has none yet.</summary>
    public static bool WriteDepth(Utf8JsonWriter json, BookSnapshotBoard books, InstrumentId instrument, Span<DepthLevel> bids, Span<DepthLevel> asks)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(books);
        if (!books.TryRead(instrument, bids, asks, out BookSnapshotInfo info) || info.Version == 0)
        {
            return false;
        }

        json.WriteStartObject();
        json.WriteString("type", "depth");
        WriteInstrument(json, instrument);
        WriteTime(json, "time", info.TimeNs);
        json.WriteNumber("seq", info.Sequence);
        WriteLevels(json, "bids", bids[..info.BidCount], in info);
        WriteLevels(json, "asks", asks[..info.AskCount], in info);
        json.WriteEndObject();
        return true;
    }

    /// <summary>Writes an <c>error</c> message (a request the server refused; the connection stays up).</summary>
    public static void WriteError(Utf8JsonWriter json, string message)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("type", "error");
        json.WriteString("message", message);
        json.WriteEndObject();
    }

    /// <summary>Writes <c>"instrument": "Feed:Token"</c> without allocating.</summary>
    public static void WriteInstrument(Utf8JsonWriter json, InstrumentId instrument)
    {
        ArgumentNullException.ThrowIfNull(json);
        Span<char> text = stackalloc char[32];
        string feed = instrument.Feed switch
        {
            FeedKind.Kite => "Kite",
            FeedKind.Dhan => "Dhan",
            FeedKind.Binance => "Binance",
            FeedKind.Kotak => "Kotak",
            _ => "None",
        };
        feed.AsSpan().CopyTo(text);
        text[feed.Length] = ':';
        instrument.Token.TryFormat(text[(feed.Length + 1)..], out int written, default, CultureInfo.InvariantCulture);
        json.WriteString("instrument", text[..(feed.Length + 1 + written)]);
    }

    /// <summary>Writes a Unix-nanosecond time as an ISO 8601 UTC string (100 ns resolution).</summary>
    public static void WriteTime(Utf8JsonWriter json, string name, long unixNs)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteString(name, DateTimeOffset.UnixEpoch.AddTicks(unixNs / 100));
    }

    /// <summary>Writes a price or quantity mantissa as an exact decimal, or null when <paramref name="present"/> is false.</summary>
    public static void WriteDecimalOrNull(Utf8JsonWriter json, string name, bool present, long mantissa, int decimals)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (present)
        {
            json.WriteNumber(name, FixedPoint.ToDecimal(mantissa, decimals));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteLevels(Utf8JsonWriter json, string name, ReadOnlySpan<DepthLevel> levels, in BookSnapshotInfo info)
    {
        json.WriteStartArray(name);
        foreach (DepthLevel level in levels)
        {
            json.WriteStartArray();
            json.WriteNumberValue(FixedPoint.ToDecimal(level.Price, info.PriceDecimals));
            json.WriteNumberValue(FixedPoint.ToDecimal(level.Quantity, info.QuantityDecimals));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }
}
