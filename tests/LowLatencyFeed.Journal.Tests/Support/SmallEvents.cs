using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Journal.Tests.Support;

/// <summary>
/// Cheap events derived from their sequence by a hash (ticks and quotes on 32 instruments), for the multi-million
/// event tests where <see cref="TestEventGenerator"/>'s cost would dominate. Pure: <see cref="Fill"/> can regenerate any sequence.
/// </summary>
public static class SmallEvents
{
    public static void Fill(long sequence, ref MarketEvent e)
    {
        e = default;
        ulong hash = Mix((ulong)sequence);
        ref EventHeader h = ref e.Header;
        h.Kind = (hash & 3) == 0 ? EventKind.Quote : EventKind.Tick;
        h.Feed = FeedKind.Binance;
        h.PriceDecimals = 2;
        h.QuantityDecimals = 8;
        h.Instrument = InstrumentId.From(FeedKind.Binance, 1 + (long)((hash >> 8) & 31));
        h.ExchangeTimeNs = TestEventGenerator.StartTimeNs + (sequence * 1_000) - (long)((hash >> 16) & 511);
        h.ReceiveTimeNs = TestEventGenerator.StartTimeNs + (sequence * 1_000) + 250_000;
        h.Sequence = sequence;
        long price = 6_000_000 + (long)((hash >> 24) & 1023);
        if (h.Kind == EventKind.Tick)
        {
            e.Tick.LastPrice = price;
            e.Tick.LastQuantity = 1 + (long)((hash >> 40) & 0xFFFFF);
            e.Tick.TradeId = sequence;
            e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.TradeId | TickFields.IsTrade;
        }
        else
        {
            e.Quote.BidPrice = price - 1;
            e.Quote.AskPrice = price + 1;
            e.Quote.BidQuantity = (long)((hash >> 40) & 0xFFFFF);
            e.Quote.AskQuantity = (long)((hash >> 44) & 0xFFFFF);
        }
    }

    private static ulong Mix(ulong x)
    {
        // SplitMix64 finaliser: decorrelates consecutive sequences.
        x += 0x9E3779B97F4A7C15ul;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ul;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBul;
        return x ^ (x >> 31);
    }
}
