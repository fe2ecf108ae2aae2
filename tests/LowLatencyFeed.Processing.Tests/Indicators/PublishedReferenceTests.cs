using LowLatencyFeed.Processing.Indicators;
using static LowLatencyFeed.Processing.Tests.Indicators.IndicatorTestKit;

namespace LowLatencyFeed.Processing.Tests.Indicators;

/// <summary>Indicators against values published by others.</summary>
public sealed class PublishedReferenceTests
{
    /// <summary>
    /// StockCharts ChartSchool, "Relative Strength Index (RSI)", calculation spreadsheet cs-rsi.xls (QQQQ closes,
    /// 14-day RSI with Wilder smoothing; the first RSI, 70.53, on the 15th close; mirrored at
    /// https://vdocuments.mx/cs-rsi.html). Every published RSI of the table, rounded to two decimals as published.
    /// </summary>
    [Fact]
    public void Rsi_14_matches_the_StockCharts_QQQQ_table()
    {
        // The spreadsheet's closes carry four decimals (the table displays them rounded to two: 44.34, 44.09, …).
        double[] closes =
        [
            44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328,
            45.6140, 46.2820, 46.2820, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515,
            45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
        ];
        double[] published =
        [
            70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46,
            37.30, 33.08, 37.77,
        ];

        var indicator = new RelativeStrengthIndex(14);
        IndicatorValues?[] rsi = closes.Select(c =>
        {
            long mantissa = (long)Math.Round(c * 10_000);
            indicator.Update(IndicatorBar.From(mantissa, mantissa, mantissa, 0, 0, priceDecimals: 4, quantityDecimals: 0));
            return Output(indicator);
        }).ToArray();

        Assert.All(rsi.Take(14), v => Assert.Null(v));
        for (int i = 0; i < published.Length; i++)
        {
            Assert.Equal(published[i], Math.Round(rsi[14 + i]!.Value.Value1, 2));
        }
    }
}
