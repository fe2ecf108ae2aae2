using System.Globalization;

namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// One configured indicator: which, on which bar timeframe, with which parameters. Unset parameters (0) take the
/// customary defaults (<see cref="WithDefaults"/>): SMA/EMA/WMA 20, RSI 14, MACD 12/26/9, Bollinger 20 × 2, ATR 14,
/// ADX 14, Stochastic 14/3, CCI 20, Williams %R 14, MFI 14, SuperTrend 10 × 3.
/// </summary>
/// <param name="Kind">The indicator.</param>
/// <param name="Timeframe">The bar timeframe it runs on (one of the bar stage's timeframes).</param>
/// <param name="Period">Main period (MACD: the fast EMA).</param>
/// <param name="SlowPeriod">MACD's slow EMA.</param>
/// <param name="SignalPeriod">MACD's signal EMA, Stochastic's %D.</param>
/// <param name="Multiplier">Bollinger's k (standard deviations), SuperTrend's ATR multiplier.</param>
public sealed record IndicatorSpec(IndicatorKind Kind, TimeSpan Timeframe, int Period = 0, int SlowPeriod = 0, int SignalPeriod = 0, double Multiplier = 0)
{
    /// <summary>Longest period accepted.</summary>
    public const int MaxPeriod = 10_000;

    /// <summary>The names accepted in configuration, lower case, for <see cref="TryParseKind"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["sma", "ema", "wma", "rsi", "macd", "bollinger", "atr", "adx", "stochastic", "cci", "williams-r", "obv", "mfi", "vwap", "supertrend"];

    /// <summary>The indicator's name as configured and stored (<c>rsi</c>, <c>macd</c>, …).</summary>
    public string Name => NameOf(Kind);

    /// <summary>Name and parameters, the stored key: <c>rsi(14)</c>, <c>macd(12,26,9)</c>, <c>bollinger(20,2)</c>, <c>obv</c>.</summary>
    public string Label => Kind switch
    {
        IndicatorKind.Obv or IndicatorKind.Vwap => Name,
        IndicatorKind.Macd => Invariant($"{Name}({Period},{SlowPeriod},{SignalPeriod})"),
        IndicatorKind.Stochastic => Invariant($"{Name}({Period},{SignalPeriod})"),
        IndicatorKind.Bollinger or IndicatorKind.SuperTrend => Invariant($"{Name}({Period},{Multiplier})"),
        _ => Invariant($"{Name}({Period})"),
    };

    /// <summary>The configuration name of <paramref name="kind"/>.</summary>
    public static string NameOf(IndicatorKind kind) => kind is > IndicatorKind.None and <= IndicatorKind.SuperTrend ? Names[(int)kind - 1] : "none";

    /// <summary>Parses a configuration name (case-insensitive).</summary>
    public static bool TryParseKind(string? name, out IndicatorKind kind)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                kind = (IndicatorKind)(i + 1);
                return true;
            }
        }

        kind = IndicatorKind.None;
        return false;
    }

    /// <summary>This spec with every unset (0) parameter at its default, and parameters the indicator ignores cleared.</summary>
    public IndicatorSpec WithDefaults() => Kind switch
    {
        IndicatorKind.Sma or IndicatorKind.Ema or IndicatorKind.Wma or IndicatorKind.Cci => new(Kind, Timeframe, Or(Period, 20)),
        IndicatorKind.Rsi or IndicatorKind.Atr or IndicatorKind.Adx or IndicatorKind.WilliamsR or IndicatorKind.Mfi => new(Kind, Timeframe, Or(Period, 14)),
        IndicatorKind.Macd => new(Kind, Timeframe, Or(Period, 12), Or(SlowPeriod, 26), Or(SignalPeriod, 9)),
        IndicatorKind.Bollinger => new(Kind, Timeframe, Or(Period, 20), Multiplier: Multiplier == 0 ? 2 : Multiplier),
        IndicatorKind.Stochastic => new(Kind, Timeframe, Or(Period, 14), SignalPeriod: Or(SignalPeriod, 3)),
        IndicatorKind.SuperTrend => new(Kind, Timeframe, Or(Period, 10), Multiplier: Multiplier == 0 ? 3 : Multiplier),
        _ => new(Kind, Timeframe),
    };

    /// <summary>A new instance of the indicator (its buffers sized here; call on <see cref="WithDefaults"/> output).</summary>
    public Indicator Create() => Kind switch
    {
        IndicatorKind.Sma => new SimpleMovingAverage(Period),
        IndicatorKind.Ema => new ExponentialMovingAverage(Period),
        IndicatorKind.Wma => new WeightedMovingAverage(Period),
        IndicatorKind.Rsi => new RelativeStrengthIndex(Period),
        IndicatorKind.Macd => new MovingAverageConvergenceDivergence(Period, SlowPeriod, SignalPeriod),
        IndicatorKind.Bollinger => new BollingerBands(Period, Multiplier),
        IndicatorKind.Atr => new AverageTrueRange(Period),
        IndicatorKind.Adx => new AverageDirectionalIndex(Period),
        IndicatorKind.Stochastic => new StochasticOscillator(Period, SignalPeriod),
        IndicatorKind.Cci => new CommodityChannelIndex(Period),
        IndicatorKind.WilliamsR => new WilliamsPercentRange(Period),
        IndicatorKind.Obv => new OnBalanceVolume(),
        IndicatorKind.Mfi => new MoneyFlowIndex(Period),
        IndicatorKind.Vwap => new VolumeWeightedAveragePrice(),
        IndicatorKind.SuperTrend => new SuperTrend(Period, Multiplier),
        _ => throw new ArgumentException("Unknown indicator kind " + Kind + ".", nameof(Kind)),
    };

    internal static void RequirePeriod(int period, string name)
    {
        if (period < 1 || period > MaxPeriod)
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, "The period must be between 1 and {0}, was {1}.", MaxPeriod, period);
        }
    }

    internal static void RequireMultiplier(double multiplier, string name)
    {
        if (!(multiplier > 0) || double.IsInfinity(multiplier))
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, "The multiplier must be a positive number, was {0}.", multiplier);
        }
    }

    private static int Or(int value, int fallback) => value == 0 ? fallback : value;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
