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
}
