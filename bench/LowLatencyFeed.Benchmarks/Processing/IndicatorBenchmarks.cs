using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.TestSupport.Indicators;

namespace LowLatencyFeed.Benchmarks.Processing;

/// <summary>
/// ns per closed 1-minute bar for all fifteen indicators at their customary parameters (SMA/EMA/WMA 20, RSI 14, MACD
/// 12/26/9, Bollinger 20×2, ATR 14, ADX 14, Stochastic 14/3, CCI 20, Williams %R 14, OBV, MFI 14, VWAP, SuperTrend 10×3)
/// and every value published. Baseline: the typical implementation that recomputes each indicator from its bars at every
/// close (<see cref="NaiveIndicators"/>: the window for window indicators, the last 250 bars, StockCharts' lookback, for
/// the smoothed ones). Each invocation ends by moving the bars forward in time (one add per bar, both methods), so
/// the incremental engine keeps taking them as new bars.
/// </summary>
[MemoryDiagnoser]
public class IndicatorBenchmarks
{
    private const int Lookback = 250;
    private const int Bars = 1024;
    private const long MinuteNs = 60_000_000_000L;

    private IndicatorSpec[] _specs = null!;
    private IndicatorBar[] _history = null!;
    private DerivedEvent[] _bars = null!;
    private IndicatorEngine _engine = null!;
    private BenchDerivedSink _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        var timeframe = TimeSpan.FromMinutes(1);
        _specs = [.. IndicatorSpec.Names.Select(name =>
        {
            IndicatorSpec.TryParseKind(name, out IndicatorKind kind);
            return new IndicatorSpec(kind, timeframe).WithDefaults();
        })];

        var random = new Random(11);
        _history = new IndicatorBar[Lookback + Bars];
        _bars = new DerivedEvent[Lookback + Bars];
        long close = 2_500_000;
        long start = 1_767_225_600_000_000_000L;
        for (int i = 0; i < _history.Length; i++)
        {
            long open = close;
            close = Math.Max(1_000, close + random.Next(-900, 901));
            long high = Math.Max(open, close) + random.Next(0, 400);
            long low = Math.Min(open, close) - random.Next(0, 400);
            long volume = random.Next(1, 10_000);
            Int128 turnover = (Int128)((high + low) / 2) * volume;
            _history[i] = IndicatorBar.From(high, low, close, volume, turnover, 2, 0);
            ref DerivedEvent e = ref _bars[i];
            e.Header.Kind = DerivedEventKind.Bar;
            e.Header.Instrument = InstrumentId.From(FeedKind.Binance, 1);
            e.Header.Feed = FeedKind.Binance;
            e.Header.PriceDecimals = 2;
            e.Bar.StartTimeNs = start + (i * MinuteNs);
            e.Bar.EndTimeNs = e.Bar.StartTimeNs + MinuteNs;
            e.Bar.TimeframeNs = MinuteNs;
            e.Bar.Open = open;
            e.Bar.High = high;
            e.Bar.Low = low;
            e.Bar.Close = close;
            e.Bar.Volume = volume;
            e.Bar.Turnover = turnover;
        }

        _sink = new BenchDerivedSink();
        _engine = new IndicatorEngine(new IndicatorOptions { Indicators = _specs }, _sink);
        for (int i = 0; i < Lookback; i++)
        {
            _engine.OnDerived(in _bars[i]); // warm: every indicator ready before the measured bars
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Bars, Description = "recompute each indicator from its bars")]
    public double RecomputeTheWindow()
    {
        double sum = 0;
        for (int i = Lookback; i < _history.Length; i++)
        {
            ReadOnlySpan<IndicatorBar> window = _history.AsSpan(i + 1 - Lookback, Lookback);
            foreach (IndicatorSpec spec in _specs)
            {
                sum += NaiveIndicators.Compute(spec, window)?.Value1 ?? 0;
            }
        }

        ShiftTimes();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Bars, Description = "IndicatorEngine, incremental")]
    public long Incremental()
    {
        DerivedEvent[] bars = _bars;
        IndicatorEngine engine = _engine;
        for (int i = Lookback; i < bars.Length; i++)
        {
            engine.OnDerived(in bars[i]);
        }

        ShiftTimes();
        return _sink.Published;
    }

    private void ShiftTimes()
    {
        long shift = _bars.Length * MinuteNs;
        DerivedEvent[] bars = _bars;
        for (int i = Lookback; i < bars.Length; i++)
        {
            bars[i].Bar.StartTimeNs += shift;
        }
    }
}
