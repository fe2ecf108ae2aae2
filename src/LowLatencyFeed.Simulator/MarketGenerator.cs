using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// A deterministic random walk over a set of instruments: the same seed, instruments and sequence of calls give the
/// same updates, bit for bit. Prices move in whole ticks, trades are whole lots, the day's OHLC, volume and VWAP follow,
/// and the book is rebuilt around the last price each update. Times come from a simulated clock that advances a fixed
/// step per update, so they do not depend on how fast the updates are sent. Not thread-safe (one per connection).
/// </summary>
public sealed class MarketGenerator
{
    /// <summary>Book levels per side in <see cref="SimulatedUpdate.Depth"/>.</summary>
    public const int DepthLevelsPerSide = 5;

    private const int MaxLotsPerTrade = 500;
    private const int MaxLotsPerLevel = 2000;

    // Kite carries quantities in unsigned 32 bits: a "new day" starts before the volume could overflow them.
    private const long VolumeLimit = uint.MaxValue / 2;

    private readonly SimulatedInstrument[] _instruments;
    private readonly InstrumentState[] _states;
    private readonly long _startTimeNs;
    private readonly long _stepNs;
    private DeterministicRandom _random;
    private long _count;

    /// <summary>Creates a generator positioned before its first update.</summary>
    /// <param name="instruments">The instruments, in a fixed order (indices refer to it).</param>
    /// <param name="seed">Seed of the walk.</param>
    /// <param name="startTimeNs">Simulated time of the first update, Unix ns.</param>
    /// <param name="stepNs">Simulated time between consecutive updates (any instrument).</param>
    public MarketGenerator(IReadOnlyList<SimulatedInstrument> instruments, long seed, long startTimeNs, long stepNs)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _instruments = [.. instruments];
        _states = new InstrumentState[_instruments.Length];
        _startTimeNs = startTimeNs;
        _stepNs = Math.Max(1, stepNs);
        _random = new DeterministicRandom((ulong)seed);
        for (int i = 0; i < _instruments.Length; i++)
        {
            SimulatedInstrument instrument = _instruments[i];
            if (instrument.StartPrice <= 0 || instrument.TickSize <= 0 || instrument.LotSize <= 0)
            {
                throw new ArgumentException($"Instrument {instrument.Token} needs a positive StartPrice, TickSize and LotSize.", nameof(instruments));
            }

            ref InstrumentState state = ref _states[i];
            state.LastPrice = state.Open = state.High = state.Low = state.Close = instrument.StartPrice;
            state.OpenInterest = instrument.StartOpenInterest;
            state.TotalBuy = state.TotalSell = 50 * MaxLotsPerLevel * instrument.LotSize;
        }
    }

    /// <summary>The instruments, in index order.</summary>
    public IReadOnlyList<SimulatedInstrument> Instruments => _instruments;

    /// <summary>Updates generated so far.</summary>
    public long Count => _count;

    /// <summary>Picks uniformly among <paramref name="count"/> candidates (which subscribed instrument updates next).</summary>
    public int Pick(int count) => _random.Next(count);

    /// <summary>Advances instrument <paramref name="index"/> by one update and writes it into <paramref name="update"/>.</summary>
    public void Next(int index, SubscriptionMode mode, ref SimulatedUpdate update)
    {
        SimulatedInstrument instrument = _instruments[index];
        ref InstrumentState s = ref _states[index];
        long timeNs = _startTimeNs + (_count * _stepNs);
        _count++;

        if (s.Volume > VolumeLimit)
        {
            s.Close = s.LastPrice;
            s.Open = s.High = s.Low = s.LastPrice;
            s.Volume = 0;
            s.Turnover = 0;
        }

        // Sum of two uniform draws: small moves common, ±4 ticks rare.
        int steps = _random.Next(-2, 2) + _random.Next(-2, 2);
        long price = s.LastPrice + (steps * instrument.TickSize);
        long floor = (DepthLevelsPerSide + 1) * instrument.TickSize;
        s.LastPrice = price < floor ? floor : price;
        s.High = Math.Max(s.High, s.LastPrice);
        s.Low = Math.Min(s.Low, s.LastPrice);

        update.Instrument = instrument;
        update.Mode = mode;
        update.Tick = default;
        update.Depth = default;
        ref MarketEvent tick = ref update.Tick;
        tick.Header.Kind = EventKind.Tick;
        tick.Header.Feed = instrument.Feed;
        tick.Header.PriceDecimals = instrument.PriceDecimals;
        tick.Header.QuantityDecimals = instrument.QuantityDecimals;
        tick.Header.Instrument = InstrumentId.From(instrument.Feed, instrument.Token);
        tick.Header.ExchangeTimeNs = timeNs;
        ref TickPayload t = ref tick.Tick;
        t.LastPrice = s.LastPrice;
        t.Open = s.Open;
        t.High = s.High;
        t.Low = s.Low;
        t.Close = s.Close;
        if (instrument.IsIndex)
        {
            tick.Header.Flags = EventFlags.Index;
            t.NetChange = s.LastPrice - s.Close;
            t.Fields = TickFields.LastPrice | TickFields.DayOhl | TickFields.Close | TickFields.NetChange;
            return;
        }

        long quantity = (1 + _random.Next(MaxLotsPerTrade)) * instrument.LotSize;
        s.Volume += quantity;
        s.Turnover += (Int128)s.LastPrice * quantity;
        s.TotalBuy = Walk(s.TotalBuy, instrument.LotSize * 100);
        s.TotalSell = Walk(s.TotalSell, instrument.LotSize * 100);
        if (s.OpenInterest > 0)
        {
            s.OpenInterest = Math.Max(instrument.LotSize, Walk(s.OpenInterest, instrument.LotSize * 10));
        }

        t.LastQuantity = quantity;
        t.AveragePrice = (long)(s.Turnover / s.Volume);
        t.CumulativeVolume = s.Volume;
        t.TotalBuyQuantity = s.TotalBuy;
        t.TotalSellQuantity = s.TotalSell;
        t.OpenInterest = s.OpenInterest;
        t.LastTradeTimeNs = timeNs;
        t.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume
            | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.Close | TickFields.OpenInterest | TickFields.LastTradeTime;

        ref MarketEvent depth = ref update.Depth;
        depth.Header = tick.Header;
        depth.Header.Kind = EventKind.Depth;
        ref DepthPayload book = ref depth.Depth;
        book.UpdateKind = DepthUpdateKind.Snapshot;
        book.BidCount = DepthLevelsPerSide;
        book.AskCount = DepthLevelsPerSide;
        book.SlabIndex = -1;
        for (int level = 0; level < DepthLevelsPerSide; level++)
        {
            long offset = (level + 1) * instrument.TickSize;
            book.Levels[level] = new DepthLevel(s.LastPrice - offset, (1 + _random.Next(MaxLotsPerLevel)) * instrument.LotSize, 1 + _random.Next(20));
            book.Levels[DepthLevelsPerSide + level] = new DepthLevel(s.LastPrice + offset, (1 + _random.Next(MaxLotsPerLevel)) * instrument.LotSize, 1 + _random.Next(20));
        }
    }

    private long Walk(long value, long step)
    {
        long next = value + ((_random.Next(0, 20) - 10) * step);
        return next < 0 ? 0 : Math.Min(next, VolumeLimit);
    }
}
