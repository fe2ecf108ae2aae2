using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.TestSupport.Indicators;

namespace LowLatencyFeed.Processing.Tests.Indicators;

/// <summary>
/// Every incremental indicator equals the recompute-everything implementation (<see cref="NaiveIndicators"/>) on every
/// bar of a long random series: exact indicators to the last decimal digit, statistical ones to 1e-9 relative.
/// </summary>
public sealed class NaiveEquivalenceTests
{
    public static TheoryData<IndicatorKind, int, int, int, double> Specs => new()
    {
        { IndicatorKind.Sma, 20, 0, 0, 0 }, { IndicatorKind.Sma, 1, 0, 0, 0 }, { IndicatorKind.Ema, 10, 0, 0, 0 },
        { IndicatorKind.Wma, 15, 0, 0, 0 }, { IndicatorKind.Rsi, 14, 0, 0, 0 }, { IndicatorKind.Macd, 12, 26, 9, 0 },
        { IndicatorKind.Bollinger, 20, 0, 0, 2 }, { IndicatorKind.Atr, 14, 0, 0, 0 }, { IndicatorKind.Adx, 14, 0, 0, 0 },
        { IndicatorKind.Stochastic, 14, 0, 3, 0 }, { IndicatorKind.Cci, 20, 0, 0, 0 }, { IndicatorKind.WilliamsR, 14, 0, 0, 0 },
        { IndicatorKind.Obv, 0, 0, 0, 0 }, { IndicatorKind.Mfi, 14, 0, 0, 0 }, { IndicatorKind.Vwap, 0, 0, 0, 0 },
        { IndicatorKind.SuperTrend, 10, 0, 0, 3 }, { IndicatorKind.SuperTrend, 7, 0, 0, 1.5 },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void Incremental_equals_recomputing_the_window_on_every_bar(IndicatorKind kind, int period, int slow, int signal, double multiplier)
    {
        IndicatorSpec spec = new IndicatorSpec(kind, TimeSpan.FromMinutes(1), period, slow, signal, multiplier).WithDefaults();
        IndicatorBar[] bars = RandomBars(seed: (int)kind * 31 + period, count: 600);
        Indicator indicator = spec.Create();
        int compared = 0;
        for (int i = 0; i < bars.Length; i++)
        {
            indicator.Update(in bars[i]);
            NaiveValue? expected = NaiveIndicators.Compute(spec, bars.AsSpan(0, i + 1));
            Assert.Equal(expected is not null, indicator.IsReady);
            if (expected is not NaiveValue naive)
            {
                continue;
            }

            var actual = default(IndicatorValues);
            indicator.Write(ref actual);
            if (naive.Exact is decimal exact)
            {
                Assert.True(actual.HasExact);
                Assert.Equal(exact, actual.Exact);
            }

            Close(naive.Value1, actual.Value1, i);
            Close(naive.Value2, actual.Value2, i);
            Close(naive.Value3, actual.Value3, i);
            compared++;
        }

        Assert.True(compared > 500);
    }

    /// <summary>A random walk with wide and flat bars, gaps, zero-volume bars and a session change every 100 bars.</summary>
    internal static IndicatorBar[] RandomBars(int seed, int count)
    {
        var random = new Random(seed);
        var bars = new IndicatorBar[count];
        long close = 250_000;
        for (int i = 0; i < count; i++)
        {
            long open = close + random.Next(-300, 301);
            close = Math.Max(100, open + random.Next(-800, 801));
            bool flat = random.Next(20) == 0;
            long high = flat ? close : Math.Max(open, close) + random.Next(0, 400);
            long low = flat ? close : Math.Max(1, Math.Min(open, close) - random.Next(0, 400));
            if (flat)
            {
                open = close;
            }

            long volume = random.Next(10) == 0 ? 0 : random.Next(1, 5000);
            Int128 turnover = (Int128)((low + high) / 2) * volume;
            bars[i] = IndicatorBar.From(high, low, close, volume, turnover, priceDecimals: 2, quantityDecimals: 1, sessionStartNs: i / 100);
        }

        return bars;
    }

    private static void Close(double expected, double actual, int bar)
    {
        double tolerance = 1e-9 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"bar {bar}: expected {expected:R}, got {actual:R}");
    }
}
