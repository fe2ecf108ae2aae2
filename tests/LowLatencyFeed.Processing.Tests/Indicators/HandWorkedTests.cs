using LowLatencyFeed.Processing.Indicators;
using static LowLatencyFeed.Processing.Tests.Indicators.IndicatorTestKit;

namespace LowLatencyFeed.Processing.Tests.Indicators;

/// <summary>
/// Small cases worked by hand from the definitions in the Processing README (arithmetic in the comments; checked with
/// exact fractions). Closes 10, 11, 12, 11, 13 (and 14); OHLCV bars: <see cref="IndicatorTestKit.SixBars"/>.
/// </summary>
public sealed class HandWorkedTests
{
    [Fact]
    public void Sma_3_is_the_exact_mean_of_the_last_three_closes()
    {
        IndicatorValues?[] sma = Run(new SimpleMovingAverage(3), 10, 11, 12, 11, 13);

        Assert.Null(sma[1]);
        Assert.Equal(11m, sma[2]!.Value.Exact); // 33 / 3
        Assert.Equal(34m / 3m, sma[3]!.Value.Exact); // 34 / 3 = 11.333…, to decimal's 28 digits
        Assert.Equal(12m, sma[4]!.Value.Exact); // 36 / 3
        Assert.True(sma[4]!.Value.HasExact);
    }

    [Fact]
    public void Wma_3_weights_the_newest_close_three_times()
    {
        IndicatorValues?[] wma = Run(new WeightedMovingAverage(3), 10, 11, 12, 11, 13);

        Assert.Null(wma[1]);
        Assert.Equal(68m / 6m, wma[2]!.Value.Exact); // (1×10 + 2×11 + 3×12) / 6
        Assert.Equal(68m / 6m, wma[3]!.Value.Exact); // (1×11 + 2×12 + 3×11) / 6
        Assert.Equal(73m / 6m, wma[4]!.Value.Exact); // (1×12 + 2×11 + 3×13) / 6
    }

    [Fact]
    public void Ema_3_is_seeded_with_the_sma_then_halves_the_distance()
    {
        IndicatorValues?[] ema = Run(new ExponentialMovingAverage(3), 10, 11, 12, 11, 13);

        Assert.Null(ema[1]);
        Assert.Equal(11, ema[2]!.Value.Value1); // seed (10 + 11 + 12) / 3; α = 2 / 4
        Assert.Equal(11, ema[3]!.Value.Value1); // 11 + ½ (11 − 11)
        Assert.Equal(12, ema[4]!.Value.Value1); // 11 + ½ (13 − 11)
    }

    [Fact]
    public void Rsi_2_follows_wilder_smoothing()
    {
        // Changes +1, +1, −1, +2. First averages (bar 3): gain (1 + 1) / 2 = 1, loss 0 → 100.
        // Bar 4: gain (1 + 0) / 2 = ½, loss (0 + 1) / 2 = ½ → RS 1 → 50. Bar 5: gain (½ + 2) / 2 = 1¼, loss ¼ → RS 5 → 100 − 100/6.
        IndicatorValues?[] rsi = Run(new RelativeStrengthIndex(2), 10, 11, 12, 11, 13);

        Assert.Null(rsi[1]);
        Assert.Equal(100, rsi[2]!.Value.Value1);
        Assert.Equal(50, rsi[3]!.Value.Value1);
        Near(100 - (100.0 / 6), rsi[4]!.Value.Value1);
    }

    [Fact]
    public void Rsi_of_a_flat_series_is_50()
    {
        IndicatorValues?[] rsi = Run(new RelativeStrengthIndex(2), 10, 10, 10);
        Assert.Equal(50, rsi[2]!.Value.Value1);
    }

    [Fact]
    public void Macd_2_3_2_line_signal_histogram()
    {
        // EMA2 (α ⅔): 10.5, 11.5, 11⅙, 12 7/18, 13 25/54. EMA3 (α ½): 11, 11, 12, 13.
        // Line from bar 3: ½, ⅙, 7/18, 25/54. Signal EMA2 of the line: seed (½ + ⅙) / 2 = ⅓ at bar 4,
        // then ⅓ + ⅔ (7/18 − ⅓) = 10/27, then 10/27 + ⅔ (25/54 − 10/27) = 35/81.
        IndicatorValues?[] macd = Run(new MovingAverageConvergenceDivergence(2, 3, 2), 10, 11, 12, 11, 13, 14);

        Assert.Null(macd[2]);
        AssertTriple(macd[3], 1.0 / 6, 1.0 / 3, (1.0 / 6) - (1.0 / 3));
        AssertTriple(macd[4], 7.0 / 18, 10.0 / 27, (7.0 / 18) - (10.0 / 27));
        AssertTriple(macd[5], 25.0 / 54, 35.0 / 81, (25.0 / 54) - (35.0 / 81));
    }

    [Fact]
    public void Bollinger_3_2_uses_the_population_standard_deviation()
    {
        // Window 10, 11, 12: mean 11, variance (1 + 0 + 1) / 3 = ⅔ (population: divide by n, not n − 1).
        // Window 11, 12, 11: mean 34/3, deviations −⅓, ⅔, −⅓ → variance (1 + 4 + 1) / 27 = 2/9.
        IndicatorValues?[] bands = Run(new BollingerBands(3, 2), 10, 11, 12, 11, 13);

        Assert.Null(bands[1]);
        AssertTriple(bands[2], 11, 11 + (2 * Math.Sqrt(2.0 / 3)), 11 - (2 * Math.Sqrt(2.0 / 3)));
        AssertTriple(bands[3], 34.0 / 3, (34.0 / 3) + (2 * Math.Sqrt(2.0 / 9)), (34.0 / 3) - (2 * Math.Sqrt(2.0 / 9)));
    }

    [Fact]
    public void Atr_3_averages_true_ranges_including_gaps_from_the_previous_close()
    {
        // TR: 3 (first bar: high − low), 3, 4, 4, 4 (|low 10 − previous close 14|), 5 (|high 16 − previous close 11|).
        // ATR: (3 + 3 + 4) / 3 = 10/3, then (10/3 × 2 + 4) / 3 = 32/9, (32/9 × 2 + 4) / 3 = 100/27, (100/27 × 2 + 5) / 3 = 335/81.
        IndicatorValues?[] atr = Run(new AverageTrueRange(3), SixBars);

        Assert.Null(atr[1]);
        Near(10.0 / 3, atr[2]!.Value.Value1);
        Near(32.0 / 9, atr[3]!.Value.Value1);
        Near(100.0 / 27, atr[4]!.Value.Value1);
        Near(335.0 / 81, atr[5]!.Value.Value1);
    }

    [Fact]
    public void Adx_2_from_directional_movement()
    {
        // From bar 2: +DM 1, 0, 3, 0, 2; −DM 0, 2, 0, 1, 0; TR 3, 4, 4, 4, 5.
        // Bar 3 (first smoothed): TR 3.5, +DM ½, −DM 1 → +DI 100/7, −DI 200/7, DX 100/3.
        // Bar 4: TR 3.75, +DM 1.75, −DM ½ → +DI 46⅔, −DI 13⅓, DX 55⅝… ; ADX = (DX₃ + DX₄) / 2 = 44.4̅.
        IndicatorValues?[] adx = Run(new AverageDirectionalIndex(2), SixBars);

        Assert.Null(adx[2]);
        AssertTriple(adx[3], 400.0 / 9, 140.0 / 3, 40.0 / 3);
        AssertTriple(adx[4], 26.068376068376068, 22.580645161290324, 19.35483870967742);
        AssertTriple(adx[5], 42.34453286177424, 32.394366197183096, 8.450704225352112);
    }

    [Fact]
    public void Stochastic_3_2_and_williams_r_3_from_the_three_bar_range()
    {
        // Bar 3: highest 13, lowest 8, close 11 → %K 60, %R −40. Bar 4: 15, 8, 14 → 600/7, −100/7.
        // Bar 5: 15, 8, 11 → 300/7, −400/7. Bar 6: 16, 10, 16 → 100, 0. %D = mean of the last two %K.
        IndicatorValues?[] stochastic = Run(new StochasticOscillator(3, 2), SixBars);
        IndicatorValues?[] williams = Run(new WilliamsPercentRange(3), SixBars);

        Assert.Null(stochastic[2]);
        Assert.Null(williams[1]);
        Near(-40, williams[2]!.Value.Value1);
        Near(600.0 / 7, stochastic[3]!.Value.Value1);
        Near((60 + (600.0 / 7)) / 2, stochastic[3]!.Value.Value2);
        Near(-100.0 / 7, williams[3]!.Value.Value1);
        Near(300.0 / 7, stochastic[4]!.Value.Value1);
        Near(-400.0 / 7, williams[4]!.Value.Value1);
        Near(100, stochastic[5]!.Value.Value1);
        Near(((300.0 / 7) + 100) / 2, stochastic[5]!.Value.Value2);
        Near(0, williams[5]!.Value.Value1);
    }

    [Fact]
    public void Cci_3_uses_the_mean_absolute_deviation_of_the_typical_price()
    {
        // TP: 31/3, 35/3, 31/3, 40/3, 35/3, 15. Bar 3: SMA 97/9, MD 16/27 → (31/3 − 97/9) / (0.015 × 16/27) = −50.
        // Bar 5: SMA 106/9, MD 28/27 → (35/3 − 106/9) / (0.015 × 28/27) = −7.142857…
        IndicatorValues?[] cci = Run(new CommodityChannelIndex(3), SixBars);

        Assert.Null(cci[1]);
        Near(-50, cci[2]!.Value.Value1);
        Near(100, cci[3]!.Value.Value1);
        Near(-50.0 / 7, cci[4]!.Value.Value1);
        Near(100, cci[5]!.Value.Value1);
    }

    [Fact]
    public void Obv_adds_volume_on_up_closes_and_subtracts_it_on_down_closes()
    {
        // 0, +200, −150, +300, −100, +250.
        IndicatorValues?[] obv = Run(new OnBalanceVolume(), SixBars);

        Assert.Equal([0m, 200m, 50m, 350m, 250m, 500m], obv.Select(v => v!.Value.Exact));
    }

    [Fact]
    public void Mfi_2_from_signed_money_flows()
    {
        // Flows (TP × V): bar 2 +35/3×200 = +7000/3, bar 3 −31/3×150 = −1550, bar 4 +4000, bar 5 −3500/3, bar 6 +3750.
        // Bar 3: 100 × (7000/3) / (7000/3 + 1550); bar 4: 4000 / (4000 + 1550); bar 5: 4000 / (4000 + 3500/3).
        IndicatorValues?[] mfi = Run(new MoneyFlowIndex(2), SixBars);

        Assert.Null(mfi[1]);
        Near(60.08583690987125, mfi[2]!.Value.Value1);
        Near(400000.0 / 5550, mfi[3]!.Value.Value1);
        Near(400000.0 / (4000 + (3500.0 / 3)), mfi[4]!.Value.Value1);
        Near(375000.0 / (3750 + (3500.0 / 3)), mfi[5]!.Value.Value1);
    }

    [Fact]
    public void Supertrend_2_1_starts_down_and_turns_up_on_a_close_above_the_upper_band()
    {
        // ATR2: 3 (bar 2), 3.5, 3.75, 3.875, 4.4375. Bar 2: bands 11.5 ± 3 → down, line 14.5.
        // Bar 3: basic upper 10 + 3.5 = 13.5 < 14.5 → 13.5; close 11 ≤ 13.5 → still down.
        // Bar 4: basic upper 16.75 ≥ 13.5 and previous close 11 ≤ 13.5 → upper stays 13.5; close 14 > 13.5 → up;
        //        lower: basic 13 − 3.75 = 9.25 > 8.5 → 9.25, the line.
        // Bar 5: basic lower 12 − 3.875 = 8.125 < 9.25 and previous close 14 ≥ 9.25 → stays 9.25; close 11 ≥ 9.25 → up.
        // Bar 6: basic lower 14.5 − 4.4375 = 10.0625 > 9.25 → line 10.0625, up.
        IndicatorValues?[] trend = Run(new SuperTrend(2, 1), SixBars);

        Assert.Null(trend[0]);
        Assert.Equal((14.5, -1.0), (trend[1]!.Value.Value1, trend[1]!.Value.Value2));
        Assert.Equal((13.5, -1.0), (trend[2]!.Value.Value1, trend[2]!.Value.Value2));
        Assert.Equal((9.25, 1.0), (trend[3]!.Value.Value1, trend[3]!.Value.Value2));
        Assert.Equal((9.25, 1.0), (trend[4]!.Value.Value1, trend[4]!.Value.Value2));
        Assert.Equal((10.0625, 1.0), (trend[5]!.Value.Value1, trend[5]!.Value.Value2));
    }

    [Fact]
    public void Vwap_is_exact_turnover_over_volume_and_restarts_each_session()
    {
        var vwap = new VolumeWeightedAveragePrice();

        // Session A: 100 @ 10.00 + 300 @ 10.01 (turnover at 2 + 0 decimals) → 4003 / 400 = 10.0075 exactly.
        vwap.Update(IndicatorBar.From(1000, 1000, 1000, 100, 100_000, 2, 0, sessionStartNs: 1));
        vwap.Update(IndicatorBar.From(1001, 1001, 1001, 300, 300_300, 2, 0, sessionStartNs: 1));
        Assert.Equal(10.0075m, vwap.Value);

        // A volume-less bar changes nothing; a new session starts over.
        vwap.Update(IndicatorBar.From(1001, 1001, 1001, 0, 0, 2, 0, sessionStartNs: 1));
        Assert.Equal(10.0075m, vwap.Value);
        vwap.Update(IndicatorBar.From(2000, 2000, 2000, 0, 0, 2, 0, sessionStartNs: 2));
        Assert.False(vwap.IsReady);
        vwap.Update(IndicatorBar.From(2000, 2000, 2000, 3, 6000, 2, 0, sessionStartNs: 2));
        Assert.Equal(20m, vwap.Value);
    }

    private static void AssertTriple(IndicatorValues? values, double first, double second, double third)
    {
        Assert.NotNull(values);
        Near(first, values.Value.Value1);
        Near(second, values.Value.Value2);
        Near(third, values.Value.Value3);
    }
}
