using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Processing.Tests;

/// <summary>Hand-built ring events for the tests.</summary>
internal static class Events
{
    public const long Second = 1_000_000_000L;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;

    /// <summary>2024-07-03 00:00:00 UTC.</summary>
    public const long July3Utc = 1_719_964_800L * Second;

    public static readonly InstrumentId BtcUsdt = InstrumentId.From(FeedKind.Binance, 1);
    public static readonly InstrumentId EthUsdt = InstrumentId.From(FeedKind.Binance, 2);
    public static readonly InstrumentId Reliance = InstrumentId.From(FeedKind.Kite, 738561);
    public static readonly InstrumentId Nifty = InstrumentId.From(FeedKind.Kite, 256265);

    private static long s_sequence;

    public static long NextSequence() => Interlocked.Increment(ref s_sequence);

    /// <summary>A Binance-style trade tick (IsTrade + LastQuantity).</summary>
    public static MarketEvent Trade(InstrumentId instrument, long timeNs, long price, long quantity, byte priceDecimals = 2, byte quantityDecimals = 0, ushort session = 1, long sequence = 0)
    {
        MarketEvent e = Header(EventKind.Tick, instrument, timeNs, priceDecimals, quantityDecimals, session, sequence);
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = quantity;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.IsTrade;
        return e;
    }

    /// <summary>A Kite/Dhan-style ticker snapshot carrying the day's cumulative volume.</summary>
    public static MarketEvent Ticker(InstrumentId instrument, long timeNs, long price, long cumulativeVolume, byte priceDecimals = 2, ushort session = 1, long sequence = 0)
    {
        MarketEvent e = Header(EventKind.Tick, instrument, timeNs, priceDecimals, 0, session, sequence);
        e.Tick.LastPrice = price;
        e.Tick.CumulativeVolume = cumulativeVolume;
        e.Tick.Fields = TickFields.LastPrice | TickFields.CumulativeVolume;
        return e;
    }

    /// <summary>An index value tick.</summary>
    public static MarketEvent IndexValue(InstrumentId instrument, long timeNs, long value, long sequence = 0)
    {
        MarketEvent e = Header(EventKind.Tick, instrument, timeNs, 2, 0, 1, sequence);
        e.Header.Flags = EventFlags.Index;
        e.Tick.LastPrice = value;
        e.Tick.Fields = TickFields.LastPrice;
        return e;
    }

    public static MarketEvent Clock(long timeNs, long sequence = 0)
    {
        MarketEvent e = Header(EventKind.Clock, default, timeNs, 0, 0, 0, sequence);
        e.Header.Feed = FeedKind.None;
        return e;
    }

    public static MarketEvent Control(ControlCode code, FeedKind feed, ushort session, long timeNs, InstrumentId instrument = default, long sequence = 0)
    {
        MarketEvent e = Header(EventKind.Control, instrument, timeNs, 0, 0, session, sequence);
        e.Header.Feed = feed;
        e.Control.Code = code;
        return e;
    }

    /// <summary>A depth event with inline levels.</summary>
    public static MarketEvent Depth(InstrumentId instrument, long timeNs, DepthUpdateKind kind, DepthLevel[] bids, DepthLevel[] asks, byte priceDecimals = 2, byte quantityDecimals = 0, ushort session = 1, long sequence = 0)
    {
        MarketEvent e = Header(EventKind.Depth, instrument, timeNs, priceDecimals, quantityDecimals, session, sequence);
        e.Depth.UpdateKind = kind;
        e.Depth.SlabIndex = -1;
        e.Depth.BidCount = (ushort)bids.Length;
        e.Depth.AskCount = (ushort)asks.Length;
        Span<DepthLevel> levels = e.Depth.Levels;
        bids.CopyTo(levels);
        asks.CopyTo(levels[bids.Length..]);
        return e;
    }

    public static DepthLevel L(long price, long quantity, int orders = 0) => new(price, quantity, orders);

    private static MarketEvent Header(EventKind kind, InstrumentId instrument, long timeNs, byte priceDecimals, byte quantityDecimals, ushort session, long sequence)
    {
        var e = default(MarketEvent);
        e.Header.Kind = kind;
        e.Header.Feed = instrument.Feed;
        e.Header.Instrument = instrument;
        e.Header.PriceDecimals = priceDecimals;
        e.Header.QuantityDecimals = quantityDecimals;
        e.Header.SessionId = session;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs + 1000;
        e.Header.Sequence = sequence != 0 ? sequence : NextSequence();
        return e;
    }
}
