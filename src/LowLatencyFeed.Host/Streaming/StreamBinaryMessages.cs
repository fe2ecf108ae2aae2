using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Books;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// The binary form of the market messages (<c>tick</c>, <c>trade</c>, <c>quote</c>, <c>depth</c>; README "Live
/// stream", binary form): the same fields as <see cref="StreamMessageWriter"/>'s JSON, prices and quantities as
/// mantissas at the header's decimals. Each method returns the bytes written.
/// </summary>
public static class StreamBinaryMessages
{
    /// <summary>Bytes of a tick, trade or quote message.</summary>
    public const int TickBytes = StreamBinaryWriter.HeaderBytes + 32;

    /// <summary>Bytes of a depth message with <paramref name="levels"/> levels per side at most.</summary>
    public static int DepthBytes(int levels) => StreamBinaryWriter.HeaderBytes + 4 + (2 * levels * 16);

    /// <summary>
    /// A <c>tick</c> (type 1) or <c>trade</c> (type 2): header flags = the tick's fields (bit 0 price, 1 quantity,
    /// 3 volume, 9 trade id), then price, quantity, volume and trade id.
    /// </summary>
    public static int WriteTick(Span<byte> destination, in StreamItem item)
    {
        var writer = new StreamBinaryWriter(destination);
        writer.WriteHeader(item.IsTrade ? StreamBinaryType.Trade : StreamBinaryType.Tick, item.PriceDecimals, item.QuantityDecimals, item.Fields, item.Instrument, item.TimeNs, item.Sequence);
        writer.WriteInt64(item.Price);
        writer.WriteInt64(item.Quantity);
        writer.WriteInt64(item.Volume);
        writer.WriteInt64(item.TradeId);
        return writer.Written;
    }

    /// <summary>A <c>quote</c> (type 3): bid, bid quantity, ask, ask quantity.</summary>
    public static int WriteQuote(Span<byte> destination, in EventHeader header, in QuotePayload quote)
    {
        var writer = new StreamBinaryWriter(destination);
        writer.WriteHeader(StreamBinaryType.Quote, header.PriceDecimals, header.QuantityDecimals, 0, header.Instrument, header.ExchangeTimeNs != 0 ? header.ExchangeTimeNs : header.ReceiveTimeNs, header.Sequence);
        writer.WriteInt64(quote.BidPrice);
        writer.WriteInt64(quote.BidQuantity);
        writer.WriteInt64(quote.AskPrice);
        writer.WriteInt64(quote.AskQuantity);
        return writer.Written;
    }

    /// <summary>
    /// A <c>depth</c> (type 4) of the book read from <paramref name="books"/>: bid count and ask count (u16 each), then
    /// each bid and each ask as price and quantity; 0 (nothing written) when the book has none yet.
    /// </summary>
    public static int WriteDepth(Span<byte> destination, BookSnapshotBoard books, InstrumentId instrument, Span<DepthLevel> bids, Span<DepthLevel> asks)
    {
        ArgumentNullException.ThrowIfNull(books);
        if (!books.TryRead(instrument, bids, asks, out BookSnapshotInfo info) || info.Version == 0)
        {
            return 0;
        }

        var writer = new StreamBinaryWriter(destination);
        writer.WriteHeader(StreamBinaryType.Depth, info.PriceDecimals, info.QuantityDecimals, 0, instrument, info.TimeNs, info.Sequence);
        writer.WriteUInt16((ushort)info.BidCount);
        writer.WriteUInt16((ushort)info.AskCount);
        foreach (DepthLevel level in bids[..info.BidCount])
        {
            writer.WriteInt64(level.Price);
            writer.WriteInt64(level.Quantity);
        }

        foreach (DepthLevel level in asks[..info.AskCount])
        {
            writer.WriteInt64(level.Price);
            writer.WriteInt64(level.Quantity);
        }

        return writer.Written;
    }
}
