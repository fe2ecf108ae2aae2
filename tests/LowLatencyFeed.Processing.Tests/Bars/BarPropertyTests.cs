using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using static LowLatencyFeed.Processing.Tests.Bars.BarTestKit;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Bars;

/// <summary>Properties over random, time-ordered streams: coarse bars equal the aggregation of fine bars, OHLC is ordered, output is deterministic.</summary>
public sealed class BarPropertyTests
{
    private static readonly BarTimeframe[] s_timeframes =
    [
        BarTimeframe.Minutes(1), BarTimeframe.Minutes(5), BarTimeframe.Minutes(15), BarTimeframe.Hours(1), BarTimeframe.Day(),
    ];

    public static TheoryData<int> Seeds => [1, 2, 3, 42, 2024, 31337];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Coarse_bars_equal_the_aggregation_of_finer_bars(int seed)
    {
        List<DerivedEvent> bars = Run(RandomStream(seed));
        foreach (var instrument in new[] { BtcUsdt, EthUsdt, Reliance })
        {
            // 5m from 1m, 15m from 5m, 1h from 15m, 1d from 1h: each coarser boundary is a finer boundary.
            for (int coarse = 1; coarse < s_timeframes.Length; coarse++)
            {
                List<DerivedEvent> fine = bars.Where(b => b.Header.Instrument == instrument && b.Bar.TimeframeIndex == coarse - 1).ToList();
                List<DerivedEvent> wide = bars.Where(b => b.Header.Instrument == instrument && b.Bar.TimeframeIndex == coarse).ToList();
                Assert.NotEmpty(wide);
                int used = 0;
                foreach (DerivedEvent w in wide)
                {
                    List<DerivedEvent> parts = fine.Where(f => f.Bar.StartTimeNs >= w.Bar.StartTimeNs && f.Bar.StartTimeNs < w.Bar.EndTimeNs).OrderBy(f => f.Bar.StartTimeNs).ToList();
                    Assert.NotEmpty(parts);
                    Assert.All(parts, p => Assert.True(p.Bar.EndTimeNs <= w.Bar.EndTimeNs));
                    used += parts.Count;
                    Assert.Equal(parts[0].Bar.Open, w.Bar.Open);
                    Assert.Equal(parts[^1].Bar.Close, w.Bar.Close);
                    Assert.Equal(parts.Max(p => p.Bar.High), w.Bar.High);
                    Assert.Equal(parts.Min(p => p.Bar.Low), w.Bar.Low);
                    Assert.Equal(parts.Sum(p => p.Bar.Volume), w.Bar.Volume);
                    Assert.Equal(parts.Sum(p => p.Bar.TradeCount), w.Bar.TradeCount);
                    Assert.Equal(parts.Aggregate(Int128.Zero, (sum, p) => sum + p.Bar.Turnover), w.Bar.Turnover);
                    bool anyReset = parts.Any(p => (p.Header.Flags & DerivedFlags.VolumeReset) != 0);
                    Assert.Equal(anyReset, (w.Header.Flags & DerivedFlags.VolumeReset) != 0);
                }

                Assert.Equal(fine.Count, used); // no fine bar falls outside every coarse bar
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_bar_has_high_above_open_and_close_above_low_and_an_exact_vwap(int seed)
    {
        foreach (DerivedEvent bar in Run(RandomStream(seed)))
        {
            BarValues b = bar.Bar;
            Assert.True(b.High >= Math.Max(b.Open, b.Close));
            Assert.True(Math.Max(b.Open, b.Close) >= Math.Min(b.Open, b.Close));
            Assert.True(Math.Min(b.Open, b.Close) >= b.Low);
            Assert.True(b.StartTimeNs < b.EndTimeNs);
            Assert.True(b.Volume >= 0);
            if (b.Volume > 0)
            {
                decimal exact = (decimal)b.Turnover / b.Volume;
                Assert.Equal((long)Math.Round(exact, MidpointRounding.AwayFromZero), b.Vwap);
                Assert.InRange(b.Vwap, b.Low, b.High);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_same_events_always_give_the_same_bytes(int seed)
    {
        MarketEvent[] stream = RandomStream(seed);
        DerivedEvent[] first = Run(stream).ToArray();
        DerivedEvent[] second = Run(stream).ToArray();
        Assert.True(MemoryMarshal.AsBytes(first.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(second.AsSpan())));
    }

    private static List<DerivedEvent> Run(MarketEvent[] stream)
    {
        BarAggregator aggregator = Create(out DerivedEventBuffer sink, new BarOptions { Timeframes = s_timeframes, ClockCloseDelay = TimeSpan.FromSeconds(1) });
        foreach (MarketEvent e in stream)
        {
            aggregator.OnEvent(in e);
        }

        Flush(aggregator);
        return [.. sink.Events];
    }

    /// <summary>Trades on two crypto instruments and cumulative-volume ticks (with session resets) on an Indian one, interleaved with clocks; times never go back.</summary>
    private static MarketEvent[] RandomStream(int seed)
    {
        var random = new Random(seed);
        var events = new List<MarketEvent>();
        long time = July3Utc + (random.NextInt64(0, 24) * Hour) + random.NextInt64(0, Hour);
        long btc = 6_000_000, eth = 300_000, rel = 250_000, cumulative = 0;
        for (int i = 0; i < 4000; i++)
        {
            int gapKind = random.Next(100);
            time += gapKind switch
            {
                < 10 => 0, // same timestamp
                < 90 => random.NextInt64(1, 20 * Second),
                < 98 => random.NextInt64(1, 10 * Minute),
                _ => random.NextInt64(1, 30 * Hour), // quiet for hours, across session days
            };

            switch (random.Next(7))
            {
                case 0:
                case 1:
                    btc = Math.Max(1, btc + random.Next(-500, 501));
                    events.Add(Trade(BtcUsdt, time, btc, random.Next(0, 50), quantityDecimals: 3));
                    break;
                case 2:
                    eth = Math.Max(1, eth + random.Next(-50, 51));
                    events.Add(Trade(EthUsdt, time, eth, random.Next(0, 50), quantityDecimals: 3));
                    break;
                case 3:
                case 4:
                case 5:
                    rel = Math.Max(1, rel + random.Next(-20, 21));
                    cumulative = random.Next(200) == 0 ? random.Next(0, 100) : cumulative + random.Next(0, 30);
                    events.Add(Ticker(Reliance, time, rel, cumulative));
                    break;
                default:
                    events.Add(Clock(time)); // never ahead of later ticks: a clock-closed bar must not receive them
                    break;
            }
        }

        return [.. events];
    }
}
