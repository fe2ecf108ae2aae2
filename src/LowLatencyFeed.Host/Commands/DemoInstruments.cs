using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Host.Commands;

/// <summary>The demo's instrument universe: N NSE equities (Kite segment 1) with varied prices, plus the NIFTY 50 index.</summary>
public static class DemoInstruments
{
    /// <summary>NIFTY 50's Kite token (segment 9 = indices).</summary>
    public const long NiftyToken = 256265;

    /// <summary>Creates <paramref name="count"/> instruments (the last one is the index when count ≥ 2).</summary>
    public static IReadOnlyList<SimulatedInstrument> Create(int count)
    {
        var instruments = new List<SimulatedInstrument>(count);
        int equities = count >= 2 ? count - 1 : count;
        for (int i = 0; i < equities; i++)
        {
            long token = ((long)(1000 + i) << 8) | 1;
            long startPrice = 10_000 + (i * 13_579 % 290_000);
            instruments.Add(new SimulatedInstrument(token, startPrice, PriceDecimals: 2, TickSize: 5, Feed: FeedKind.Kite, LotSize: 1 + (i % 5)));
        }

        if (count >= 2)
        {
            instruments.Add(new SimulatedInstrument(NiftyToken, 2_450_000, PriceDecimals: 2, TickSize: 5, Feed: FeedKind.Kite, IsIndex: true));
        }

        return instruments;
    }
}
