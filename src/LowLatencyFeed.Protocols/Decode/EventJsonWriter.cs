using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Dhan;

namespace LowLatencyFeed.Protocols.Decoding;

/// <summary>Writes one event as a JSON object with every field; prices and quantities as exact decimals. Cold path.</summary>
internal static class EventJsonWriter
{
    /// <summary>Writes the fields of <paramref name="e"/>; <paramref name="brokerKey"/> (when not null) follows the internal instrument id.</summary>
    public static void Write(Utf8JsonWriter json, in MarketEvent e, DepthSlabPool? slabs, string? brokerKey = null)
    {
        ref readonly EventHeader h = ref e.Header;
        int pd = h.PriceDecimals;
        int qd = h.QuantityDecimals;
        json.WriteString("kind"u8, h.Kind.ToString());
        json.WriteString("feed"u8, h.Feed.ToString());
        json.WriteString("instrument"u8, h.Instrument.ToString());
        json.WriteNumber("token"u8, h.Instrument.Token);
        if (brokerKey is not null)
        {
            json.WriteString("brokerKey"u8, brokerKey);
        }

        json.WriteNumber("session"u8, h.SessionId);
        json.WriteString("flags"u8, h.Flags.ToString());
        json.WriteNumber("priceDecimals"u8, pd);
        json.WriteNumber("quantityDecimals"u8, qd);
        WriteTime(json, "exchangeTime", h.ExchangeTimeNs);
        WriteTime(json, "receiveTime", h.ReceiveTimeNs);
        json.WriteNumber("sequence"u8, h.Sequence);
        switch (h.Kind)
        {
            case EventKind.Tick:
                WriteTick(json, in e.Tick, pd, qd);
                break;
            case EventKind.Quote:
                WriteQuote(json, in e.Quote, pd, qd);
                break;
            case EventKind.Depth:
                WriteDepth(json, in e.Depth, pd, qd, slabs);
                break;
            case EventKind.Control:
            case EventKind.Clock:
                WriteControl(json, in e.Control, h.Feed);
                break;
        }
    }

    private static void WriteTick(Utf8JsonWriter json, in TickPayload t, int pd, int qd)
    {
        json.WriteStartObject("tick"u8);
        json.WriteString("fields"u8, t.Fields.ToString());
        json.WriteNumber("lastPrice"u8, FixedPoint.ToDecimal(t.LastPrice, pd));
        json.WriteNumber("lastQuantity"u8, FixedPoint.ToDecimal(t.LastQuantity, qd));
        json.WriteNumber("averagePrice"u8, FixedPoint.ToDecimal(t.AveragePrice, pd));
        json.WriteNumber("cumulativeVolume"u8, FixedPoint.ToDecimal(t.CumulativeVolume, qd));
        json.WriteNumber("totalBuyQuantity"u8, FixedPoint.ToDecimal(t.TotalBuyQuantity, qd));
        json.WriteNumber("totalSellQuantity"u8, FixedPoint.ToDecimal(t.TotalSellQuantity, qd));
        json.WriteNumber("open"u8, FixedPoint.ToDecimal(t.Open, pd));
        json.WriteNumber("high"u8, FixedPoint.ToDecimal(t.High, pd));
        json.WriteNumber("low"u8, FixedPoint.ToDecimal(t.Low, pd));
        json.WriteNumber("close"u8, FixedPoint.ToDecimal(t.Close, pd));
        json.WriteNumber("openInterest"u8, FixedPoint.ToDecimal(t.OpenInterest, qd));
        WriteTime(json, "lastTradeTime", t.LastTradeTimeNs);
        json.WriteNumber("tradeId"u8, t.TradeId);
        json.WriteNumber("netChange"u8, FixedPoint.ToDecimal(t.NetChange, pd));
        json.WriteEndObject();
    }

    private static void WriteQuote(Utf8JsonWriter json, in QuotePayload q, int pd, int qd)
    {
        json.WriteStartObject("quote"u8);
        json.WriteNumber("bidPrice"u8, FixedPoint.ToDecimal(q.BidPrice, pd));
        json.WriteNumber("bidQuantity"u8, FixedPoint.ToDecimal(q.BidQuantity, qd));
        json.WriteNumber("bidOrders"u8, q.BidOrders);
        json.WriteNumber("askPrice"u8, FixedPoint.ToDecimal(q.AskPrice, pd));
        json.WriteNumber("askQuantity"u8, FixedPoint.ToDecimal(q.AskQuantity, qd));
        json.WriteNumber("askOrders"u8, q.AskOrders);
        json.WriteNumber("updateId"u8, q.UpdateId);
        json.WriteEndObject();
    }

    private static void WriteDepth(Utf8JsonWriter json, in DepthPayload d, int pd, int qd, DepthSlabPool? slabs)
    {
        json.WriteStartObject("depth"u8);
        json.WriteString("updateKind"u8, d.UpdateKind.ToString());
        json.WriteNumber("bidCount"u8, d.BidCount);
        json.WriteNumber("askCount"u8, d.AskCount);
        json.WriteNumber("slabIndex"u8, d.SlabIndex);
        scoped ReadOnlySpan<DepthLevel> bids;
        scoped ReadOnlySpan<DepthLevel> asks;
        if (d.SlabIndex >= 0)
        {
            if (slabs is null || d.SlabIndex >= slabs.SlabCount || d.BidCount > slabs.LevelsPerSide || d.AskCount > slabs.LevelsPerSide)
            {
                json.WriteString("levels"u8, "slab not available");
                json.WriteEndObject();
                return;
            }

            ref readonly DepthSlabMetadata meta = ref slabs.Metadata(d.SlabIndex);
            json.WriteNumber("firstUpdateId"u8, meta.FirstUpdateId);
            json.WriteNumber("lastUpdateId"u8, meta.LastUpdateId);
            json.WriteNumber("tag"u8, meta.Tag);
            bids = slabs.Bids(d.SlabIndex, d.BidCount);
            asks = slabs.Asks(d.SlabIndex, d.AskCount);
        }
        else
        {
            ReadOnlySpan<DepthLevel> inline = d.Levels;
            int bidCount = Math.Min((int)d.BidCount, inline.Length);
            bids = inline[..bidCount];
            asks = inline.Slice(bidCount, Math.Min((int)d.AskCount, inline.Length - bidCount));
        }

        WriteLevels(json, "bids", bids, pd, qd);
        WriteLevels(json, "asks", asks, pd, qd);
        json.WriteEndObject();
    }

    private static void WriteLevels(Utf8JsonWriter json, string name, ReadOnlySpan<DepthLevel> levels, int pd, int qd)
    {
        json.WriteStartArray(name);
        foreach (DepthLevel level in levels)
        {
            json.WriteStartObject();
            json.WriteNumber("price"u8, FixedPoint.ToDecimal(level.Price, pd));
            json.WriteNumber("quantity"u8, FixedPoint.ToDecimal(level.Quantity, qd));
            json.WriteNumber("orders"u8, level.Orders);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteControl(Utf8JsonWriter json, in ControlPayload c, FeedKind feed)
    {
        json.WriteStartObject("control"u8);
        json.WriteString("code"u8, c.Code.ToString());
        json.WriteNumber("reason"u8, c.Reason);
        if (feed == FeedKind.Dhan && c.Code == ControlCode.ServerDisconnect)
        {
            json.WriteString("reasonText"u8, DhanDisconnectReasons.Describe(c.Reason));
        }

        json.WriteNumber("argument0"u8, c.Argument0);
        json.WriteNumber("argument1"u8, c.Argument1);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, long unixNs)
    {
        json.WriteNumber(name + "Ns", unixNs);
        if (unixNs != 0)
        {
            json.WriteString(name, UnixTime.ToDateTimeOffset(unixNs).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        }
    }
}
