using System.Text.Json;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// <c>book_metrics</c>: every book metrics sample with the columns of <c>llfeed.book_metrics</c> (best prices, spread,
/// mid and microprice null when a side is empty; the first configured window as <c>windowDepth</c>/<c>windowImbalance</c>)
/// plus every configured window in <c>windows</c>.
/// </summary>
public sealed class BookMetricsStreamChannel : IDerivedStreamChannel
{
    /// <inheritdoc />
    public string Name => "book_metrics";

    /// <inheritdoc />
    public bool Accepts(in DerivedEvent e) => e.Header.Kind == DerivedEventKind.BookMetrics;

    /// <inheritdoc />
    public void Write(Utf8JsonWriter json, in DerivedEvent e)
    {
        ArgumentNullException.ThrowIfNull(json);
        ref readonly BookMetricsValues m = ref e.Metrics;
        int pd = e.Header.PriceDecimals;
        int qd = e.Header.QuantityDecimals;
        bool bids = m.BidLevels > 0;
        bool asks = m.AskLevels > 0;
        bool both = bids && asks;
        json.WriteStartObject();
        json.WriteString("type", "book_metrics");
        StreamMessageWriter.WriteInstrument(json, e.Header.Instrument);
        StreamMessageWriter.WriteTime(json, "time", e.Header.SourceExchangeTimeNs);
        json.WriteNumber("seq", e.Header.SourceSequence);
        StreamMessageWriter.WriteDecimalOrNull(json, "bestBid", bids, m.BestBid, pd);
        StreamMessageWriter.WriteDecimalOrNull(json, "bestAsk", asks, m.BestAsk, pd);
        StreamMessageWriter.WriteDecimalOrNull(json, "bestBidQuantity", bids, m.BestBidQuantity, qd);
        StreamMessageWriter.WriteDecimalOrNull(json, "bestAskQuantity", asks, m.BestAskQuantity, qd);
        StreamMessageWriter.WriteDecimalOrNull(json, "spread", both, m.Spread, pd);
        StreamMessageWriter.WriteDecimalOrNull(json, "mid", both, m.Mid, pd + 1);
        StreamMessageWriter.WriteDecimalOrNull(json, "microprice", both, m.MicropriceMantissa, pd);
        json.WriteNumber("bidQuantity", FixedPoint.ToDecimal(m.TotalBidQuantity, qd));
        json.WriteNumber("askQuantity", FixedPoint.ToDecimal(m.TotalAskQuantity, qd));
        json.WriteNumber("bidLevels", m.BidLevels);
        json.WriteNumber("askLevels", m.AskLevels);
        long total = m.TotalBidQuantity + m.TotalAskQuantity;
        json.WriteNumber("imbalance", total == 0 ? 0.0 : (double)(m.TotalBidQuantity - m.TotalAskQuantity) / total);
        if (m.WindowCount > 0)
        {
            json.WriteNumber("windowDepth", m.Windows[0].Depth);
            json.WriteNumber("windowImbalance", m.Windows[0].Imbalance);
        }
        else
        {
            json.WriteNull("windowDepth");
            json.WriteNull("windowImbalance");
        }

        json.WriteStartArray("windows");
        for (int i = 0; i < m.WindowCount && i < ImbalanceWindows.Capacity; i++)
        {
            ref readonly ImbalanceWindow window = ref m.Windows[i];
            json.WriteStartObject();
            json.WriteNumber("depth", window.Depth);
            json.WriteNumber("bidQuantity", FixedPoint.ToDecimal(window.BidQuantity, qd));
            json.WriteNumber("askQuantity", FixedPoint.ToDecimal(window.AskQuantity, qd));
            json.WriteNumber("imbalance", window.Imbalance);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("flags", (int)e.Header.Flags);
        json.WriteEndObject();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Type 6; flags = the book's; time = the source event's exchange time. Then bid levels and ask levels (u16 each),
    /// window count (u8), three zero bytes; best bid, best ask, best bid quantity, best ask quantity, spread, mid (at
    /// price decimals + 1), microprice, whole-book bid and ask quantity; whole-book imbalance (f64); then each window as
    /// depth (i32), four zero bytes, bid and ask quantity, imbalance (f64). Best bid/ask values are absent without
    /// bids/asks, spread, mid and microprice without both (the JSON's nulls).
    /// </remarks>
    public int WriteBinary(Span<byte> destination, in DerivedEvent e)
    {
        ref readonly BookMetricsValues m = ref e.Metrics;
        var writer = new StreamBinaryWriter(destination);
        writer.WriteHeader(StreamBinaryType.BookMetrics, e.Header.PriceDecimals, e.Header.QuantityDecimals, (int)e.Header.Flags, e.Header.Instrument, e.Header.SourceExchangeTimeNs, e.Header.SourceSequence);
        int windows = Math.Min((int)m.WindowCount, ImbalanceWindows.Capacity);
        writer.WriteUInt16(m.BidLevels);
        writer.WriteUInt16(m.AskLevels);
        writer.WriteByte((byte)windows);
        writer.WriteByte(0);
        writer.WriteUInt16(0);
        writer.WriteInt64(m.BestBid);
        writer.WriteInt64(m.BestAsk);
        writer.WriteInt64(m.BestBidQuantity);
        writer.WriteInt64(m.BestAskQuantity);
        writer.WriteInt64(m.Spread);
        writer.WriteInt64(m.Mid);
        writer.WriteInt64(m.MicropriceMantissa);
        writer.WriteInt64(m.TotalBidQuantity);
        writer.WriteInt64(m.TotalAskQuantity);
        long total = m.TotalBidQuantity + m.TotalAskQuantity;
        writer.WriteDouble(total == 0 ? 0.0 : (double)(m.TotalBidQuantity - m.TotalAskQuantity) / total);
        for (int i = 0; i < windows; i++)
        {
            ref readonly ImbalanceWindow window = ref m.Windows[i];
            writer.WriteInt32(window.Depth);
            writer.WriteInt32(0);
            writer.WriteInt64(window.BidQuantity);
            writer.WriteInt64(window.AskQuantity);
            writer.WriteDouble(window.Imbalance);
        }

        return writer.Written;
    }
}
