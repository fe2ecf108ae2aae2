using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Research.Features;

/// <summary>
/// The indicators behind the indicator features: all fifteen at their customary parameters (the Processing README's
/// defaults) on the feature timeframe, in the spec order <see cref="FeatureEngine"/> reads them.
/// </summary>
internal static class FeatureIndicators
{
    public const int Rsi = 0;
    public const int Macd = 1;
    public const int Bollinger = 2;
    public const int Atr = 3;
    public const int Adx = 4;
    public const int Stochastic = 5;
    public const int Cci = 6;
    public const int WilliamsR = 7;
    public const int Mfi = 8;
    public const int Vwap = 9;
    public const int SuperTrend = 10;
    public const int Ema = 11;
    public const int Sma = 12;
    public const int Wma = 13;
    public const int Obv = 14;
    public const int Count = 15;

    public static IndicatorOptions Options(TimeSpan timeframe) => new()
    {
        Indicators =
        [
            new IndicatorSpec(IndicatorKind.Rsi, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Macd, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Bollinger, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Atr, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Adx, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Stochastic, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Cci, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.WilliamsR, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Mfi, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Vwap, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.SuperTrend, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Ema, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Sma, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Wma, timeframe).WithDefaults(),
            new IndicatorSpec(IndicatorKind.Obv, timeframe).WithDefaults(),
        ],
    };
}
