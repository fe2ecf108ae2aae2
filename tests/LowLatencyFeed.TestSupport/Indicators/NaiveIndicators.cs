using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.TestSupport.Indicators;

/// <summary>One indicator value from <see cref="NaiveIndicators"/>.</summary>
public readonly record struct NaiveValue(double Value1, double Value2 = 0, double Value3 = 0, decimal? Exact = null);

/// <summary>
/// The typical way indicators are written: every value recomputed from the bars, straight from the definition (the
/// window's bars for window indicators, the whole history for recursive ones). The reference for the incremental
/// indicators' tests and the baseline of their benchmark. Slow on purpose; allocates.
/// </summary>
public static class NaiveIndicators
{
    /// <summary>The value of <paramref name="spec"/> at the last bar of <paramref name="bars"/>, or null when not defined yet.</summary>
    public static NaiveValue? Compute(IndicatorSpec spec, ReadOnlySpan<IndicatorBar> bars)
    {
        IndicatorBar[] b = bars.ToArray();
        int n = spec.Period;
        return spec.Kind switch
        {
            IndicatorKind.Sma => b.Length < n ? null : Exact(Window(b, n).Sum(x => (decimal)x.Close) / (n * Scale(b))),
            IndicatorKind.Wma => b.Length < n ? null : Exact(Window(b, n).Select((x, i) => (i + 1) * (decimal)x.Close).Sum() / (n * (n + 1) / 2 * Scale(b))),
            IndicatorKind.Ema => Last(Ema(Closes(b), n)) is double e ? new NaiveValue(e) : null,
            IndicatorKind.Rsi => Rsi(b, n),
            IndicatorKind.Macd => Macd(b, spec),
            IndicatorKind.Bollinger => Bollinger(b, n, spec.Multiplier),
            IndicatorKind.Atr => Last(Wilder(TrueRanges(b), n)) is double a ? new NaiveValue(a) : null,
            IndicatorKind.Adx => Adx(b, n),
            IndicatorKind.Stochastic => Stochastic(b, n, spec.SignalPeriod),
            IndicatorKind.Cci => Cci(b, n),
            IndicatorKind.WilliamsR => b.Length < n ? null : new NaiveValue(WilliamsR(b, n)),
            IndicatorKind.Obv => Obv(b),
            IndicatorKind.Mfi => Mfi(b, n),
            IndicatorKind.Vwap => Vwap(b),
            IndicatorKind.SuperTrend => SuperTrend(b, n, spec.Multiplier),
            _ => throw new ArgumentException("Unknown indicator " + spec.Kind),
        };
    }

    private static NaiveValue Exact(decimal value) => new((double)value, Exact: value);

    private static decimal Scale(IndicatorBar[] b) => Pow(b[^1].PriceDecimals);

    private static decimal Pow(int decimals) => decimals == 0 ? 1m : 10m * Pow(decimals - 1);

    private static IndicatorBar[] Window(IndicatorBar[] b, int n) => b[^n..];

    private static double[] Closes(IndicatorBar[] b) => [.. b.Select(x => x.ClosePrice)];

    private static double? Last(double?[] series) => series.Length == 0 ? null : series[^1];

    /// <summary>EMA of the whole series: SMA seed at index n − 1, then the recursion.</summary>
    private static double?[] Ema(double[] x, int n)
    {
        var result = new double?[x.Length];
        double alpha = 2.0 / (n + 1);
        for (int i = n - 1; i < x.Length; i++)
        {
            result[i] = i == n - 1 ? x.Take(n).Sum() / n : result[i - 1] + (alpha * (x[i] - result[i - 1]));
        }

        return result;
    }

    /// <summary>Wilder smoothing of the whole series: mean seed at index n − 1, then (prev × (n − 1) + x) / n.</summary>
    private static double?[] Wilder(double[] x, int n)
    {
        var result = new double?[x.Length];
        for (int i = n - 1; i < x.Length; i++)
        {
            result[i] = i == n - 1 ? x.Take(n).Sum() / n : ((result[i - 1]!.Value * (n - 1)) + x[i]) / n;
        }

        return result;
    }

    private static double[] TrueRanges(IndicatorBar[] b) =>
        [.. b.Select((x, i) => i == 0
            ? x.HighPrice - x.LowPrice
            : Math.Max(x.HighPrice - x.LowPrice, Math.Max(Math.Abs(x.HighPrice - b[i - 1].ClosePrice), Math.Abs(x.LowPrice - b[i - 1].ClosePrice))))];

    private static NaiveValue? Rsi(IndicatorBar[] b, int n)
    {
        double[] changes = [.. b.Skip(1).Select((x, i) => x.ClosePrice - b[i].ClosePrice)];
        double? gain = Last(Wilder([.. changes.Select(c => Math.Max(c, 0))], n));
        double? loss = Last(Wilder([.. changes.Select(c => Math.Max(-c, 0))], n));
        return gain is null ? null : new NaiveValue(Ratio(gain.Value, loss!.Value));
    }

    private static double Ratio(double up, double down) => down == 0 ? (up == 0 ? 50 : 100) : 100 - (100 / (1 + (up / down)));

    private static NaiveValue? Macd(IndicatorBar[] b, IndicatorSpec spec)
    {
        double[] closes = Closes(b);
        double?[] fast = Ema(closes, spec.Period);
        double?[] slow = Ema(closes, spec.SlowPeriod);
        double[] line = [.. Enumerable.Range(spec.SlowPeriod - 1, Math.Max(0, b.Length - spec.SlowPeriod + 1)).Select(i => fast[i]!.Value - slow[i]!.Value)];
        double? signal = Last(Ema(line, spec.SignalPeriod));
        return signal is null ? null : new NaiveValue(line[^1], signal.Value, line[^1] - signal.Value);
    }

    private static NaiveValue? Bollinger(IndicatorBar[] b, int n, double k)
    {
        if (b.Length < n)
        {
            return null;
        }

        double[] w = [.. Window(b, n).Select(x => x.ClosePrice)];
        double mean = w.Average();
        double sigma = Math.Sqrt(w.Sum(x => (x - mean) * (x - mean)) / n); // population
        return new NaiveValue(mean, mean + (k * sigma), mean - (k * sigma));
    }

    private static NaiveValue? Adx(IndicatorBar[] b, int n)
    {
        int m = b.Length - 1;
        double[] plus = new double[Math.Max(m, 0)], minus = new double[Math.Max(m, 0)], range = new double[Math.Max(m, 0)];
        for (int i = 1; i < b.Length; i++)
        {
            double up = b[i].HighPrice - b[i - 1].HighPrice, down = b[i - 1].LowPrice - b[i].LowPrice;
            plus[i - 1] = up > down && up > 0 ? up : 0;
            minus[i - 1] = down > up && down > 0 ? down : 0;
            range[i - 1] = TrueRanges(b[(i - 1)..(i + 1)])[1];
        }

        double?[] tr = Wilder(range, n), p = Wilder(plus, n), q = Wilder(minus, n);
        var dx = new List<double>();
        double plusDi = 0, minusDi = 0;
        for (int i = n - 1; i < m; i++)
        {
            plusDi = tr[i] == 0 ? 0 : 100 * p[i]!.Value / tr[i]!.Value;
            minusDi = tr[i] == 0 ? 0 : 100 * q[i]!.Value / tr[i]!.Value;
            dx.Add(plusDi + minusDi == 0 ? 0 : 100 * Math.Abs(plusDi - minusDi) / (plusDi + minusDi));
        }

        double? adx = Last(Wilder([.. dx], n));
        return adx is null ? null : new NaiveValue(adx.Value, plusDi, minusDi);
    }

    private static double Highest(IndicatorBar[] b, int n) => Window(b, n).Max(x => x.HighPrice);

    private static double WilliamsR(IndicatorBar[] b, int n)
    {
        double high = Highest(b, n), low = Window(b, n).Min(x => x.LowPrice);
        return high == low ? -50 : -100 * (high - b[^1].ClosePrice) / (high - low);
    }

    private static double PercentK(IndicatorBar[] b, int n)
    {
        double high = Highest(b, n), low = Window(b, n).Min(x => x.LowPrice);
        return high == low ? 50 : 100 * (b[^1].ClosePrice - low) / (high - low);
    }

    private static NaiveValue? Stochastic(IndicatorBar[] b, int n, int d)
    {
        if (b.Length < n + d - 1)
        {
            return null;
        }

        double[] k = [.. Enumerable.Range(b.Length - d, d).Select(i => PercentK(b[..(i + 1)], n))];
        return new NaiveValue(k[^1], k.Average());
    }

    private static NaiveValue? Cci(IndicatorBar[] b, int n)
    {
        if (b.Length < n)
        {
            return null;
        }

        double[] tp = [.. Window(b, n).Select(x => (x.HighPrice + x.LowPrice + x.ClosePrice) / 3)];
        double mean = tp.Average();
        double deviation = tp.Average(x => Math.Abs(x - mean));
        return new NaiveValue(deviation == 0 ? 0 : (tp[^1] - mean) / (0.015 * deviation));
    }

    private static NaiveValue? Obv(IndicatorBar[] b)
    {
        long obv = 0;
        for (int i = 1; i < b.Length; i++)
        {
            obv += Math.Sign(b[i].Close - b[i - 1].Close) * b[i].Volume;
        }

        return b.Length == 0 ? null : Exact(obv / Pow(b[^1].QuantityDecimals));
    }

    private static NaiveValue? Mfi(IndicatorBar[] b, int n)
    {
        if (b.Length < n + 1)
        {
            return null;
        }

        decimal positive = 0, negative = 0;
        for (int i = b.Length - n; i < b.Length; i++)
        {
            decimal tp = (b[i].High + b[i].Low + b[i].Close) / 3m, previous = (b[i - 1].High + b[i - 1].Low + b[i - 1].Close) / 3m;
            decimal flow = tp * b[i].Volume;
            positive += tp > previous ? flow : 0;
            negative += tp < previous ? flow : 0;
        }

        return new NaiveValue(Ratio((double)positive, (double)negative));
    }

    private static NaiveValue? Vwap(IndicatorBar[] b)
    {
        long session = b[^1].SessionStartNs;
        IndicatorBar[] today = [.. b.Where(x => x.SessionStartNs == session)];
        long volume = today.Sum(x => x.Volume);
        if (volume == 0)
        {
            return null;
        }

        decimal turnover = today.Aggregate(0m, (sum, x) => sum + (decimal)x.Turnover);
        return Exact(turnover / (volume * Scale(b)));
    }

    private static NaiveValue? SuperTrend(IndicatorBar[] b, int n, double multiplier)
    {
        double?[] atr = Wilder(TrueRanges(b), n);
        double upper = 0, lower = 0;
        bool up = false, started = false;
        for (int i = 0; i < b.Length; i++)
        {
            if (atr[i] is not double a)
            {
                continue;
            }

            double middle = (b[i].HighPrice + b[i].LowPrice) / 2, basicUpper = middle + (multiplier * a), basicLower = middle - (multiplier * a);
            if (!started)
            {
                (upper, lower, up, started) = (basicUpper, basicLower, false, true);
                continue;
            }

            double close = b[i].ClosePrice, previousClose = b[i - 1].ClosePrice;
            upper = basicUpper < upper || previousClose > upper ? basicUpper : upper;
            lower = basicLower > lower || previousClose < lower ? basicLower : lower;
            up = up ? close >= lower : close > upper;
        }

        return started ? new NaiveValue(up ? lower : upper, up ? 1 : -1) : null;
    }
}
