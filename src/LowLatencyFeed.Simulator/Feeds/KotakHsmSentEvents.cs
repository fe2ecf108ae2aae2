using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Kotak;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// The events a correct HSM client publishes for the records a simulated session sent (reported through
/// <see cref="SimulatedFrameWriter.Sent"/>): a record publishes the views whose fields it changed, each with every field
/// of its topic known so far.
/// </summary>
internal static class KotakHsmSentEvents
{
    private const ulong ScripTickTrigger =
        (1UL << L.ScripLastTradeTime) | (1UL << L.ScripVolume) | (1UL << L.ScripLastPrice) | (1UL << L.ScripLastQuantity)
        | (1UL << L.ScripTotalBuyQuantity) | (1UL << L.ScripTotalSellQuantity) | (1UL << L.ScripAveragePrice) | (1UL << L.ScripLow)
        | (1UL << L.ScripHigh) | (1UL << L.ScripOpen) | (1UL << L.ScripClose) | (1UL << L.ScripOpenInterest)
        | (1UL << L.ScripMultiplier) | (1UL << L.ScripPrecision);

    private const ulong ScripQuoteTrigger =
        (1UL << L.ScripBidPrice) | (1UL << L.ScripAskPrice) | (1UL << L.ScripBidQuantity) | (1UL << L.ScripAskQuantity)
        | (1UL << L.ScripMultiplier) | (1UL << L.ScripPrecision);

    private const ulong IndexTrigger =
        (1UL << L.IndexValue) | (1UL << L.IndexClose) | (1UL << L.IndexHigh) | (1UL << L.IndexLow) | (1UL << L.IndexOpen)
        | (1UL << L.IndexMultiplier) | (1UL << L.IndexPrecision);

    /// <summary>The events a correct client publishes for a record that set the <paramref name="touched"/> fields of <paramref name="topic"/>.</summary>
    public static void Project(KotakHsmSimulatedTopic topic, SimulatedInstrument instrument, ulong touched, long divider, SimulatedFrameWriter frames)
    {
        int[] v = topic.Last!;
        switch (topic.Kind)
        {
            case KotakHsmTopicKind.Scrip:
                long time = Seconds(v, L.ScripFeedTime);
                time = time != 0 ? time : Seconds(v, L.ScripLastTradeTime);
                if ((touched & ScripTickTrigger) != 0)
                {
                    frames.Sent(ScripTick(v, instrument, divider, time));
                }

                if ((touched & ScripQuoteTrigger) != 0 && (Known(v, L.ScripBidPrice) || Known(v, L.ScripAskPrice) || Known(v, L.ScripBidQuantity) || Known(v, L.ScripAskQuantity)))
                {
                    MarketEvent quote = Header(instrument, EventKind.Quote, time);
                    quote.Quote.BidPrice = Price(v, L.ScripBidPrice, instrument, divider);
                    quote.Quote.BidQuantity = Quantity(v, L.ScripBidQuantity, instrument);
                    quote.Quote.AskPrice = Price(v, L.ScripAskPrice, instrument, divider);
                    quote.Quote.AskQuantity = Quantity(v, L.ScripAskQuantity, instrument);
                    frames.Sent(quote);
                }

                break;
            case KotakHsmTopicKind.Index:
                if ((touched & IndexTrigger) != 0)
                {
                    MarketEvent e = Header(instrument, EventKind.Tick, Seconds(v, L.IndexFeedTime));
                    e.Header.Flags |= EventFlags.Index;
                    TickFields fields = TickFields.None;
                    if (Known(v, L.IndexValue))
                    {
                        e.Tick.LastPrice = Price(v, L.IndexValue, instrument, divider);
                        fields |= TickFields.LastPrice;
                    }

                    if (Known(v, L.IndexOpen) && Known(v, L.IndexHigh) && Known(v, L.IndexLow))
                    {
                        e.Tick.Open = Price(v, L.IndexOpen, instrument, divider);
                        e.Tick.High = Price(v, L.IndexHigh, instrument, divider);
                        e.Tick.Low = Price(v, L.IndexLow, instrument, divider);
                        fields |= TickFields.DayOhl;
                    }

                    if (Known(v, L.IndexClose))
                    {
                        e.Tick.Close = Price(v, L.IndexClose, instrument, divider);
                        fields |= TickFields.Close;
                    }

                    e.Tick.Fields = fields;
                    frames.Sent(e);
                }

                break;
            default:
                if ((touched & ~3UL) != 0)
                {
                    MarketEvent depth = Header(instrument, EventKind.Depth, 0);
                    depth.Depth.UpdateKind = DepthUpdateKind.Snapshot;
                    depth.Depth.SlabIndex = -1;
                    int n = 0;
                    for (int side = 0; side < 2; side++)
                    {
                        int start = n;
                        for (int i = 0; i < L.DepthLevels; i++)
                        {
                            int price = (side == 0 ? L.DepthBidPrice : L.DepthAskPrice) + i;
                            if (!Known(v, price) || v[price] == 0)
                            {
                                continue;
                            }

                            int quantity = (side == 0 ? L.DepthBidQuantity : L.DepthAskQuantity) + i;
                            int orders = (side == 0 ? L.DepthBidOrders : L.DepthAskOrders) + i;
                            depth.Depth.Levels[n++] = new DepthLevel(Price(v, price, instrument, divider), Quantity(v, quantity, instrument), Known(v, orders) ? v[orders] : 0);
                        }

                        if (side == 0)
                        {
                            depth.Depth.BidCount = (ushort)(n - start);
                        }
                        else
                        {
                            depth.Depth.AskCount = (ushort)(n - start);
                        }
                    }

                    frames.Sent(depth);
                }

                break;
        }
    }

    private static MarketEvent ScripTick(int[] v, SimulatedInstrument instrument, long divider, long time)
    {
        MarketEvent e = Header(instrument, EventKind.Tick, time);
        ref TickPayload t = ref e.Tick;
        TickFields fields = TickFields.None;
        if (Known(v, L.ScripLastPrice))
        {
            t.LastPrice = Price(v, L.ScripLastPrice, instrument, divider);
            fields |= TickFields.LastPrice;
        }

        if (Known(v, L.ScripLastQuantity))
        {
            t.LastQuantity = Quantity(v, L.ScripLastQuantity, instrument);
            fields |= TickFields.LastQuantity;
        }

        if (Known(v, L.ScripAveragePrice))
        {
            t.AveragePrice = Price(v, L.ScripAveragePrice, instrument, divider);
            fields |= TickFields.AveragePrice;
        }

        if (Known(v, L.ScripVolume))
        {
            t.CumulativeVolume = Quantity(v, L.ScripVolume, instrument);
            fields |= TickFields.CumulativeVolume;
        }

        if (Known(v, L.ScripTotalBuyQuantity) && Known(v, L.ScripTotalSellQuantity))
        {
            t.TotalBuyQuantity = Quantity(v, L.ScripTotalBuyQuantity, instrument);
            t.TotalSellQuantity = Quantity(v, L.ScripTotalSellQuantity, instrument);
            fields |= TickFields.TotalBuySell;
        }

        if (Known(v, L.ScripOpen) && Known(v, L.ScripHigh) && Known(v, L.ScripLow))
        {
            t.Open = Price(v, L.ScripOpen, instrument, divider);
            t.High = Price(v, L.ScripHigh, instrument, divider);
            t.Low = Price(v, L.ScripLow, instrument, divider);
            fields |= TickFields.DayOhl;
        }

        if (Known(v, L.ScripClose))
        {
            t.Close = Price(v, L.ScripClose, instrument, divider);
            fields |= TickFields.Close;
        }

        if (Known(v, L.ScripOpenInterest))
        {
            t.OpenInterest = Quantity(v, L.ScripOpenInterest, instrument);
            fields |= TickFields.OpenInterest;
        }

        long tradeTime = Seconds(v, L.ScripLastTradeTime);
        if (tradeTime != 0)
        {
            t.LastTradeTimeNs = tradeTime;
            fields |= TickFields.LastTradeTime;
        }

        t.Fields = fields;
        return e;
    }

    private static MarketEvent Header(SimulatedInstrument instrument, EventKind kind, long exchangeTimeNs)
    {
        MarketEvent e = default;
        e.Header.Kind = kind;
        e.Header.Feed = FeedKind.Kotak;
        e.Header.PriceDecimals = instrument.PriceDecimals;
        e.Header.QuantityDecimals = instrument.QuantityDecimals;
        e.Header.Instrument = InstrumentId.From(FeedKind.Kotak, instrument.Token);
        e.Header.ExchangeTimeNs = exchangeTimeNs;
        e.Header.Flags = exchangeTimeNs != 0 ? EventFlags.None : EventFlags.ExchangeTimeFromReceive;
        return e;
    }

    private static bool Known(int[] v, int field) => v[field] != L.NoValue;

    /// <summary>raw ÷ (multiplier × 10^precision) at the instrument's decimals: exact, since the divider is 10^decimals here.</summary>
    private static long Price(int[] v, int field, SimulatedInstrument instrument, long divider) =>
        Known(v, field) ? v[field] * FixedPoint.Pow10(instrument.PriceDecimals) / divider : 0;

    private static long Quantity(int[] v, int field, SimulatedInstrument instrument) =>
        Known(v, field) ? v[field] * FixedPoint.Pow10(instrument.QuantityDecimals) : 0;

    private static long Seconds(int[] v, int field) => Known(v, field) && v[field] > 0 ? v[field] * UnixTime.NanosPerSecond : 0;
}
