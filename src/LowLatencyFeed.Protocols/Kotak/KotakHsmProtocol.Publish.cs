using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Common;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Turns a topic's merged values into events. A record publishes the views whose fields it changed (a SNAP: all of
/// them); each event carries every field known so far, flagged present (a group such as DayOhl only when all of its
/// fields are known), so consumers see the merged state, not the delta.
/// </summary>
public sealed partial class KotakHsmProtocol
{
    private const ulong ScripTickTrigger =
        (1UL << L.ScripLastTradeTime) | (1UL << L.ScripVolume) | (1UL << L.ScripLastPrice) | (1UL << L.ScripLastQuantity)
        | (1UL << L.ScripTotalBuyQuantity) | (1UL << L.ScripTotalSellQuantity) | (1UL << L.ScripAveragePrice) | (1UL << L.ScripLow)
        | (1UL << L.ScripHigh) | (1UL << L.ScripOpen) | (1UL << L.ScripClose) | (1UL << L.ScripOpenInterest)
        | (1UL << L.ScripMultiplier) | (1UL << L.ScripPrecision);

    private const ulong ScripQuoteFields = (1UL << L.ScripBidPrice) | (1UL << L.ScripAskPrice) | (1UL << L.ScripBidQuantity) | (1UL << L.ScripAskQuantity);

    private const ulong ScripQuoteTrigger = ScripQuoteFields | (1UL << L.ScripMultiplier) | (1UL << L.ScripPrecision);

    private const ulong IndexTrigger = (1UL << L.IndexValue) | (1UL << L.IndexClose) | (1UL << L.IndexHigh) | (1UL << L.IndexLow)
        | (1UL << L.IndexOpen) | (1UL << L.IndexMultiplier) | (1UL << L.IndexPrecision);

    /// <summary>Fields 2..33: every price, quantity and order count, multiplier and precision.</summary>
    private const ulong DepthTrigger = ((1UL << L.DepthFieldCount) - 1) & ~3UL;

    private int Publish<TSink>(ref KotakHsmTopic topic, ReadOnlySpan<int> values, ulong touched, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        switch (topic.Kind)
        {
            case KotakHsmTopicKind.Scrip:
                int events = 0;
                if ((touched & ScripTickTrigger) != 0)
                {
                    PublishScripTick(ref topic, values, receiveTimeNs, ref sink);
                    events++;
                }

                if ((touched & ScripQuoteTrigger) != 0 && (topic.Known & ScripQuoteFields) != 0)
                {
                    PublishQuote(ref topic, values, receiveTimeNs, ref sink);
                    events++;
                }

                return events;
            case KotakHsmTopicKind.Index:
                if ((touched & IndexTrigger) == 0)
                {
                    return 0;
                }

                PublishIndex(ref topic, values, receiveTimeNs, ref sink);
                return 1;
            default:
                if ((touched & DepthTrigger) == 0)
                {
                    return 0;
                }

                PublishDepth(ref topic, values, receiveTimeNs, ref sink);
                return 1;
        }
    }

    private void PublishScripTick<TSink>(ref KotakHsmTopic topic, ReadOnlySpan<int> v, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ulong known = topic.Known;
        KotakPriceScale scale = topic.Scale;
        long qty = topic.Instrument.QuantityScale;
        long tradeTime = Time(v, known, L.ScripLastTradeTime);
        long feedTime = Time(v, known, L.ScripFeedTime);

        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Tick, ref topic, EventFlags.None, receiveTimeNs, feedTime != 0 ? feedTime : tradeTime);
        ref TickPayload t = ref e.Tick;
        TickFields fields = TickFields.None;
        if (Has(known, L.ScripLastPrice))
        {
            t.LastPrice = scale.Apply(v[L.ScripLastPrice]);
            fields |= TickFields.LastPrice;
        }

        if (Has(known, L.ScripLastQuantity))
        {
            t.LastQuantity = v[L.ScripLastQuantity] * qty;
            fields |= TickFields.LastQuantity;
        }

        if (Has(known, L.ScripAveragePrice))
        {
            t.AveragePrice = scale.Apply(v[L.ScripAveragePrice]);
            fields |= TickFields.AveragePrice;
        }

        if (Has(known, L.ScripVolume))
        {
            t.CumulativeVolume = v[L.ScripVolume] * qty;
            fields |= TickFields.CumulativeVolume;
        }

        if (Has(known, L.ScripTotalBuyQuantity) && Has(known, L.ScripTotalSellQuantity))
        {
            t.TotalBuyQuantity = v[L.ScripTotalBuyQuantity] * qty;
            t.TotalSellQuantity = v[L.ScripTotalSellQuantity] * qty;
            fields |= TickFields.TotalBuySell;
        }

        if (Has(known, L.ScripOpen) && Has(known, L.ScripHigh) && Has(known, L.ScripLow))
        {
            t.Open = scale.Apply(v[L.ScripOpen]);
            t.High = scale.Apply(v[L.ScripHigh]);
            t.Low = scale.Apply(v[L.ScripLow]);
            fields |= TickFields.DayOhl;
        }

        if (Has(known, L.ScripClose))
        {
            t.Close = scale.Apply(v[L.ScripClose]);
            fields |= TickFields.Close;
        }

        if (Has(known, L.ScripOpenInterest))
        {
            t.OpenInterest = v[L.ScripOpenInterest] * qty;
            fields |= TickFields.OpenInterest;
        }

        if (tradeTime != 0)
        {
            t.LastTradeTimeNs = tradeTime;
            fields |= TickFields.LastTradeTime;
        }

        t.Fields = fields;
        sink.Publish();
    }

    private void PublishQuote<TSink>(ref KotakHsmTopic topic, ReadOnlySpan<int> v, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ulong known = topic.Known;
        KotakPriceScale scale = topic.Scale;
        long qty = topic.Instrument.QuantityScale;
        long feedTime = Time(v, known, L.ScripFeedTime);

        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Quote, ref topic, EventFlags.None, receiveTimeNs, feedTime != 0 ? feedTime : Time(v, known, L.ScripLastTradeTime));
        ref QuotePayload q = ref e.Quote;
        q.BidPrice = Has(known, L.ScripBidPrice) ? scale.Apply(v[L.ScripBidPrice]) : 0;
        q.BidQuantity = Has(known, L.ScripBidQuantity) ? v[L.ScripBidQuantity] * qty : 0;
        q.AskPrice = Has(known, L.ScripAskPrice) ? scale.Apply(v[L.ScripAskPrice]) : 0;
        q.AskQuantity = Has(known, L.ScripAskQuantity) ? v[L.ScripAskQuantity] * qty : 0;
        sink.Publish();
    }

    private void PublishIndex<TSink>(ref KotakHsmTopic topic, ReadOnlySpan<int> v, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ulong known = topic.Known;
        KotakPriceScale scale = topic.Scale;

        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Tick, ref topic, EventFlags.Index, receiveTimeNs, Time(v, known, L.IndexFeedTime));
        ref TickPayload t = ref e.Tick;
        TickFields fields = TickFields.None;
        if (Has(known, L.IndexValue))
        {
            t.LastPrice = scale.Apply(v[L.IndexValue]);
            fields |= TickFields.LastPrice;
        }

        if (Has(known, L.IndexOpen) && Has(known, L.IndexHigh) && Has(known, L.IndexLow))
        {
            t.Open = scale.Apply(v[L.IndexOpen]);
            t.High = scale.Apply(v[L.IndexHigh]);
            t.Low = scale.Apply(v[L.IndexLow]);
            fields |= TickFields.DayOhl;
        }

        if (Has(known, L.IndexClose))
        {
            t.Close = scale.Apply(v[L.IndexClose]);
            fields |= TickFields.Close;
        }

        t.Fields = fields;
        sink.Publish();
    }

    /// <summary>Five bids then five asks, best first; levels without a (non-zero) price are left out. Depth topics carry no time.</summary>
    private void PublishDepth<TSink>(ref KotakHsmTopic topic, ReadOnlySpan<int> v, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Depth, ref topic, EventFlags.None, receiveTimeNs, 0);
        ref DepthPayload d = ref e.Depth;
        d.UpdateKind = DepthUpdateKind.Snapshot;
        d.SlabIndex = -1;
        Span<DepthLevel> levels = d.Levels;
        int bids = Levels(ref topic, v, L.DepthBidPrice, L.DepthBidQuantity, L.DepthBidOrders, levels);
        int asks = Levels(ref topic, v, L.DepthAskPrice, L.DepthAskQuantity, L.DepthAskOrders, levels[bids..]);
        d.BidCount = (ushort)bids;
        d.AskCount = (ushort)asks;
        sink.Publish();
    }

    private static int Levels(ref KotakHsmTopic topic, ReadOnlySpan<int> v, int price, int quantity, int orders, Span<DepthLevel> destination)
    {
        ulong known = topic.Known;
        int n = 0;
        for (int i = 0; i < L.DepthLevels; i++)
        {
            if (!Has(known, price + i) || v[price + i] == 0)
            {
                continue;
            }

            destination[n++] = new DepthLevel(
                topic.Scale.Apply(v[price + i]),
                Has(known, quantity + i) ? v[quantity + i] * topic.Instrument.QuantityScale : 0,
                Has(known, orders + i) ? v[orders + i] : 0);
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Stamp(ref EventHeader header, EventKind kind, ref KotakHsmTopic topic, EventFlags flags, long receiveTimeNs, long exchangeTimeNs) =>
        EventStamp.Header(ref header, kind, FeedKind.Kotak, topic.Instrument.Id, topic.PriceDecimals, topic.Instrument.QuantityDecimals, _options.SessionId, flags, receiveTimeNs, exchangeTimeNs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Has(ulong known, int field) => (known & (1UL << field)) != 0;

    /// <summary>A DATE field (epoch seconds) as Unix ns; 0 when absent or not positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Time(ReadOnlySpan<int> v, ulong known, int field) =>
        Has(known, field) && v[field] > 0 ? v[field] * UnixTime.NanosPerSecond : 0;
}
