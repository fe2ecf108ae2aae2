using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Processing.Tests.Indicators;

/// <summary>Runs an indicator over bars given in price units and collects its outputs (null before it is ready).</summary>
internal static class IndicatorTestKit
{
    /// <summary>The six-bar OHLCV series the hand-worked cases use (prices at 2 decimals, volume at 0).</summary>
    public static readonly (double High, double Low, double Close, long Volume)[] SixBars =
    [
        (12, 9, 10, 100), (13, 10, 12, 200), (12, 8, 11, 150), (15, 11, 14, 300), (14, 10, 11, 100), (16, 13, 16, 250),
    ];

    public static IndicatorBar Bar(double high, double low, double close, long volume = 0, long sessionStartNs = 0)
    {
        long h = Mantissa(high);
        long l = Mantissa(low);
        long c = Mantissa(close);
        return IndicatorBar.From(h, l, c, volume, (Int128)c * volume, priceDecimals: 2, quantityDecimals: 0, sessionStartNs);
    }

    public static IndicatorValues?[] Run(Indicator indicator, params double[] closes) =>
        Run(indicator, closes.Select(c => (c, c, c, 0L)).ToArray());

    public static IndicatorValues?[] Run(Indicator indicator, (double High, double Low, double Close, long Volume)[] bars)
    {
        var outputs = new IndicatorValues?[bars.Length];
        for (int i = 0; i < bars.Length; i++)
        {
            indicator.Update(Bar(bars[i].High, bars[i].Low, bars[i].Close, bars[i].Volume));
            outputs[i] = Output(indicator);
        }

        return outputs;
    }

    public static IndicatorValues? Output(Indicator indicator)
    {
        if (!indicator.IsReady)
        {
            return null;
        }

        var values = default(IndicatorValues);
        indicator.Write(ref values);
        return values;
    }

    public static void Near(double expected, double actual, double tolerance = 1e-9) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected}, got {actual}");

    private static long Mantissa(double price) => (long)Math.Round(price * 100);
}
