using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Storage.Tests.Support;

/// <summary>Hand-built market events.</summary>
internal static class TestEvents
{
    /// <summary>2026-01-05 09:15:00 UTC in Unix ns.</summary>
    public const long BaseTimeNs = 1_767_604_500_000_000_000;

    public static readonly InstrumentId Reliance = InstrumentId.From(FeedKind.Kite, 738561);
    public static readonly InstrumentId BtcUsdt = InstrumentId.From(FeedKind.Binance, 1);
    public static readonly InstrumentId Nifty = InstrumentId.From(FeedKind.Dhan, 13);

    public static MarketEvent Tick(InstrumentId instrument, long timeNs, long lastPrice, long lastQuantity, long volume, byte priceDecimals = 2)
    {
        var e = default(MarketEvent);
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = instrument.Feed;
        e.Header.Instrument = instrument;
        e.Header.PriceDecimals = priceDecimals;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs + 1_500_000;
        e.Tick.LastPrice = lastPrice;
        e.Tick.LastQuantity = lastQuantity;
        e.Tick.CumulativeVolume = volume;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.CumulativeVolume;
        return e;
    }

    public static MarketEvent Trade(InstrumentId instrument, long timeNs, long price, long quantity, long tradeId, bool sellerAggressor)
    {
        var e = default(MarketEvent);
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = instrument.Feed;
        e.Header.Instrument = instrument;
        e.Header.PriceDecimals = 2;
        e.Header.QuantityDecimals = 8;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs + 700_000;
        e.Header.Flags = sellerAggressor ? EventFlags.SellerAggressor : EventFlags.None;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = quantity;
        e.Tick.TradeId = tradeId;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.TradeId | TickFields.IsTrade;
        return e;
    }

    public static MarketEvent Quote(InstrumentId instrument, long timeNs, long bid, long bidQty, long ask, long askQty)
    {
        var e = default(MarketEvent);
        e.Header.Kind = EventKind.Quote;
        e.Header.Feed = instrument.Feed;
        e.Header.Instrument = instrument;
        e.Header.PriceDecimals = 2;
        e.Header.QuantityDecimals = 8;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs + 1000;
        e.Quote.BidPrice = bid;
        e.Quote.BidQuantity = bidQty;
        e.Quote.AskPrice = ask;
        e.Quote.AskQuantity = askQty;
        e.Quote.UpdateId = 400900217;
        return e;
    }

    /// <summary>An inline depth snapshot of <paramref name="levels"/> levels per side around <paramref name="mid"/>.</summary>
    public static MarketEvent Depth(InstrumentId instrument, long timeNs, long mid, int levels)
    {
        var e = default(MarketEvent);
        e.Header.Kind = EventKind.Depth;
        e.Header.Feed = instrument.Feed;
        e.Header.Instrument = instrument;
        e.Header.PriceDecimals = 2;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs;
        e.Depth.UpdateKind = DepthUpdateKind.Snapshot;
        e.Depth.SlabIndex = -1;
        e.Depth.BidCount = (ushort)levels;
        e.Depth.AskCount = (ushort)levels;
        for (int i = 0; i < levels; i++)
        {
            e.Depth.Levels[i] = new DepthLevel(mid - 5 * (i + 1), 100 * (i + 1), i + 1);
            e.Depth.Levels[levels + i] = new DepthLevel(mid + 5 * (i + 1), 50 * (i + 1), i + 2);
        }

        return e;
    }

    public static MarketEvent Clock(long timeNs)
    {
        var e = default(MarketEvent);
        e.Header.Kind = EventKind.Clock;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs;
        return e;
    }
}
