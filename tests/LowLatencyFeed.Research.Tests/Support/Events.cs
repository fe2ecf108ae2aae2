using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Research.Tests.Support;

/// <summary>Market events built by hand (price decimals 2, quantity decimals 0).</summary>
internal static class Events
{
    private static long s_sequence;

    public static MarketEvent Trade(InstrumentId instrument, long timeNs, long price, long quantity)
    {
        MarketEvent e = Header(EventKind.Tick, instrument, timeNs);
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = quantity;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.IsTrade;
        return e;
    }

    public static MarketEvent Depth(InstrumentId instrument, long timeNs, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        MarketEvent e = Header(EventKind.Depth, instrument, timeNs);
        e.Depth.UpdateKind = DepthUpdateKind.Snapshot;
        e.Depth.SlabIndex = -1;
        e.Depth.BidCount = (ushort)bids.Length;
        e.Depth.AskCount = (ushort)asks.Length;
        Span<DepthLevel> levels = e.Depth.Levels;
        bids.CopyTo(levels);
        asks.CopyTo(levels[bids.Length..]);
        return e;
    }

    /// <summary>A random walk: per minute four trades and two 5-level depth snapshots (deterministic).</summary>
    public static MarketEvent[] Market(InstrumentId instrument, long startNs, int minutes, int seed = 7)
    {
        var random = new Random(seed);
        var events = new List<MarketEvent>();
        long price = 10_000;
        var bids = new DepthLevel[5];
        var asks = new DepthLevel[5];
        for (int m = 0; m < minutes; m++)
        {
            for (int k = 0; k < 6; k++)
            {
                long time = startNs + (m * 60_000_000_000L) + (k * 10_000_000_000L);
                price = Math.Max(100, price + random.Next(-5, 6));
                if (k % 3 == 1)
                {
                    for (int level = 0; level < 5; level++)
                    {
                        bids[level] = new DepthLevel(price - 1 - level, random.Next(1, 50), 1);
                        asks[level] = new DepthLevel(price + 1 + level, random.Next(1, 50), 1);
                    }

                    events.Add(Depth(instrument, time, bids, asks));
                }
                else
                {
                    events.Add(Trade(instrument, time, price, random.Next(1, 20)));
                }
            }
        }

        return [.. events];
    }

    private static MarketEvent Header(EventKind kind, InstrumentId instrument, long timeNs)
    {
        MarketEvent e = default;
        e.Header.Kind = kind;
        e.Header.Feed = instrument.Feed;
        e.Header.Instrument = instrument;
        e.Header.PriceDecimals = 2;
        e.Header.QuantityDecimals = 0;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs + 1_000;
        e.Header.Sequence = Interlocked.Increment(ref s_sequence);
        return e;
    }
}
