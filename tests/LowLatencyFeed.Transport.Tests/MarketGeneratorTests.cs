using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>The simulator's random walk: reproducible and internally consistent.</summary>
public sealed class MarketGeneratorTests
{
    private static readonly SimulatedInstrument[] s_instruments =
    [
        new(408065, 157370),
        new(13368834, 2250000, StartOpenInterest: 5_000_000, LotSize: 25),
        new(256265, 2200000, IsIndex: true),
    ];

    [Fact]
    public void The_same_seed_gives_the_same_updates()
    {
        string[] first = Run(seed: 9, count: 500);
        string[] second = Run(seed: 9, count: 500);
        string[] other = Run(seed: 10, count: 500);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Every_update_is_a_consistent_market_state()
    {
        var generator = new MarketGenerator(s_instruments, seed: 1, startTimeNs: 1_000_000_000_000, stepNs: 1_000_000);
        var update = default(SimulatedUpdate);
        long[] lastVolume = new long[s_instruments.Length];
        for (int n = 0; n < 5000; n++)
        {
            int index = generator.Pick(s_instruments.Length);
            generator.Next(index, SubscriptionMode.Full, ref update);
            ref TickPayload t = ref update.Tick.Tick;
            SimulatedInstrument instrument = s_instruments[index];
            Assert.Equal(1_000_000_000_000 + (n * 1_000_000L), update.Tick.Header.ExchangeTimeNs);
            Assert.Equal(instrument.Token, update.Tick.Header.Instrument.Token);
            Assert.InRange(t.LastPrice, t.Low, t.High);
            Assert.Equal(0, (t.LastPrice - instrument.StartPrice) % instrument.TickSize);
            Assert.Equal(instrument.StartPrice, t.Open);
            Assert.Equal(instrument.StartPrice, t.Close);
            if (instrument.IsIndex)
            {
                Assert.Equal(EventFlags.Index, update.Tick.Header.Flags);
                Assert.Equal(t.LastPrice - t.Close, t.NetChange);
                Assert.Equal(EventKind.None, update.Depth.Header.Kind);
                continue;
            }

            Assert.Equal(0, t.LastQuantity % instrument.LotSize);
            Assert.Equal(lastVolume[index] + t.LastQuantity, t.CumulativeVolume);
            lastVolume[index] = t.CumulativeVolume;
            Assert.InRange(t.AveragePrice, t.Low, t.High);
            Assert.Equal(instrument.StartOpenInterest > 0, t.OpenInterest > 0);
            ref DepthPayload book = ref update.Depth.Depth;
            Assert.Equal(EventKind.Depth, update.Depth.Header.Kind);
            Assert.Equal((5, 5, -1), (book.BidCount, book.AskCount, book.SlabIndex));
            for (int level = 0; level < 5; level++)
            {
                Assert.Equal(t.LastPrice - ((level + 1) * instrument.TickSize), book.Levels[level].Price);
                Assert.Equal(t.LastPrice + ((level + 1) * instrument.TickSize), book.Levels[5 + level].Price);
                Assert.True(book.Levels[level].Quantity > 0 && book.Levels[level].Orders > 0);
            }
        }
    }

    private static string[] Run(long seed, int count)
    {
        var generator = new MarketGenerator(s_instruments, seed, startTimeNs: 0, stepNs: 1000);
        var update = default(SimulatedUpdate);
        var result = new string[count];
        for (int i = 0; i < count; i++)
        {
            generator.Next(generator.Pick(s_instruments.Length), SubscriptionMode.Full, ref update);
            result[i] = $"{update.Tick.Header.Instrument} {update.Tick.Tick.LastPrice} {update.Tick.Tick.LastQuantity} {update.Depth.Depth.Levels[0].Quantity}";
        }

        return result;
    }
}
