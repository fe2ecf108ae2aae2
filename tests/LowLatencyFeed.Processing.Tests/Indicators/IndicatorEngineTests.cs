using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Common;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Indicators;

public sealed class IndicatorEngineTests
{
    private static readonly TimeSpan s_oneMinute = TimeSpan.FromMinutes(1);

    /// <summary>All fifteen indicators on 1-minute bars, customary parameters.</summary>
    internal static IndicatorOptions AllIndicators(TimeSpan timeframe) => new()
    {
        Indicators = [.. IndicatorSpec.Names.Select(name =>
        {
            Assert.True(IndicatorSpec.TryParseKind(name, out IndicatorKind kind));
            return new IndicatorSpec(kind, timeframe);
        })],
    };

    [Fact]
    public void Each_value_follows_its_bar_with_the_bars_source_and_only_on_its_timeframe()
    {
        var sink = new DerivedEventBuffer();
        var stage = IndicatorStageSink.Create(sink, new IndicatorOptions { Indicators = [new(IndicatorKind.Sma, s_oneMinute, 2), new(IndicatorKind.Obv, s_oneMinute)] });
        var bars = new BarAggregator(new BarOptions { Timeframes = [BarTimeframe.Seconds(1), BarTimeframe.Minutes(1)] }, stage);
        long t = July3Utc;
        bars.OnEvent(Trade(BtcUsdt, t, 100, 5, sequence: 1));
        bars.OnEvent(Trade(BtcUsdt, t + Minute, 110, 7, sequence: 2));
        bars.OnEvent(Trade(BtcUsdt, t + (2 * Minute), 130, 1, sequence: 3));

        DerivedEvent[] events = sink.Events.ToArray();
        int[] minuteBars = [.. Enumerable.Range(0, events.Length).Where(i => events[i].Header.Kind == DerivedEventKind.Bar && events[i].Bar.TimeframeIndex == 1)];
        Assert.Equal(2, minuteBars.Length);

        // First minute bar: OBV only (SMA(2) needs two bars); second: SMA then OBV, in configuration order.
        Assert.Equal(DerivedEventKind.Indicator, events[minuteBars[0] + 1].Header.Kind);
        Assert.Equal(IndicatorKind.Obv, events[minuteBars[0] + 1].Indicator.Kind);
        ref readonly DerivedEvent sma = ref events[minuteBars[1] + 1];
        Assert.Equal(IndicatorKind.Sma, sma.Indicator.Kind);
        Assert.Equal(1.05m, sma.Indicator.Exact); // (1.00 + 1.10) / 2
        Assert.Equal(events[minuteBars[1]].Header.SourceSequence, sma.Header.SourceSequence);
        Assert.Equal(events[minuteBars[1]].Bar.StartTimeNs, sma.Indicator.BarStartTimeNs);
        Assert.Equal(0, sma.Indicator.SpecIndex);
        Assert.Equal(7m, events[minuteBars[1] + 2].Indicator.Exact); // OBV: 0, then +7 (close rose)
        Assert.Equal(3, events.Count(e => e.Header.Kind == DerivedEventKind.Indicator));
    }

    [Fact]
    public void A_bar_with_high_below_low_or_negative_volume_is_rejected_and_counted()
    {
        var sink = new DerivedEventBuffer();
        var engine = new IndicatorEngine(new IndicatorOptions { Indicators = [new(IndicatorKind.Obv, s_oneMinute)] }, sink);

        engine.OnDerived(MinuteBar(high: 100, low: 101, close: 100, volume: 1));
        engine.OnDerived(MinuteBar(high: 101, low: 100, close: 100, volume: -1));
        Assert.Equal(0, sink.Count);
        Assert.Equal(2, engine.RejectedBars);
        Assert.Equal(1, engine.Rejections(RejectReason.BarHighBelowLow));
        Assert.Equal(1, engine.Rejections(RejectReason.NegativeBarVolume));

        engine.OnDerived(MinuteBar(high: 101, low: 100, close: 100, volume: 1));
        Assert.Equal(1, sink.Count);
        Assert.Equal(1, engine.Bars);
    }

    [Fact]
    public void Partial_and_revised_bars_and_other_timeframes_are_not_input()
    {
        var sink = new DerivedEventBuffer();
        var engine = new IndicatorEngine(new IndicatorOptions { Indicators = [new(IndicatorKind.Obv, s_oneMinute)] }, sink);
        DerivedEvent partial = MinuteBar(101, 100, 100, 1);
        partial.Header.Flags = DerivedFlags.Partial;
        DerivedEvent revised = MinuteBar(101, 100, 100, 1);
        revised.Header.Flags = DerivedFlags.Revised;
        DerivedEvent hourly = MinuteBar(101, 100, 100, 1);
        hourly.Bar.TimeframeNs = 60 * Minute;

        engine.OnDerived(partial);
        engine.OnDerived(revised);
        engine.OnDerived(hourly);

        Assert.Equal(0, sink.Count);
        Assert.Equal(0, engine.Bars);
    }

    [Theory]
    [InlineData("rsi", 0, IndicatorKind.Rsi, "rsi(14)")]
    [InlineData("MACD", 0, IndicatorKind.Macd, "macd(12,26,9)")]
    [InlineData("bollinger", 0, IndicatorKind.Bollinger, "bollinger(20,2)")]
    [InlineData("stochastic", 5, IndicatorKind.Stochastic, "stochastic(5,3)")]
    [InlineData("vwap", 0, IndicatorKind.Vwap, "vwap")]
    public void Names_parse_and_defaults_fill_the_label(string name, int period, IndicatorKind kind, string label)
    {
        Assert.True(IndicatorSpec.TryParseKind(name, out IndicatorKind parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(label, new IndicatorSpec(parsed, s_oneMinute, period).WithDefaults().Label);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_entry()
    {
        var sink = new DerivedEventBuffer();
        ArgumentException zero = Assert.ThrowsAny<ArgumentException>(() => new IndicatorEngine(new IndicatorOptions { Indicators = [new(IndicatorKind.Rsi, s_oneMinute, -3)] }, sink));
        Assert.Contains("Indicator 0 (rsi(-3))", zero.Message, StringComparison.Ordinal);
        ArgumentException macd = Assert.ThrowsAny<ArgumentException>(() => new IndicatorEngine(new IndicatorOptions { Indicators = [new(IndicatorKind.Macd, s_oneMinute, 26, 12)] }, sink));
        Assert.Contains("fast period (26) must be shorter than the slow period (12)", macd.Message, StringComparison.Ordinal);
        ArgumentException twice = Assert.ThrowsAny<ArgumentException>(() => new IndicatorEngine(new IndicatorOptions { Indicators = [new(IndicatorKind.Rsi, s_oneMinute), new(IndicatorKind.Rsi, s_oneMinute, 14)] }, sink));
        Assert.Contains("Indicator 1 repeats indicator 0", twice.Message, StringComparison.Ordinal);
        Assert.False(IndicatorSpec.TryParseKind("rsx", out _));
    }

    [Fact]
    public void All_indicators_allocate_nothing_per_bar()
    {
        var sink = new DerivedEventBuffer(1 << 12);
        var engine = new IndicatorEngine(AllIndicators(s_oneMinute), sink);
        IndicatorBar[] random = NaiveEquivalenceTests.RandomBars(seed: 7, count: 4000);
        DerivedEvent[] bars = [.. random.Select((b, i) =>
        {
            DerivedEvent e = MinuteBar(b.High, b.Low, b.Close, b.Volume);
            e.Bar.Turnover = b.Turnover;
            e.Bar.StartTimeNs = July3Utc + (i * Minute);
            return e;
        })];

        Run(engine, sink, bars.AsSpan(0, 1000)); // first bar creates the instrument's indicators; JIT
        long fewest = long.MaxValue;
        for (int chunk = 1; chunk < 4; chunk++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(engine, sink, bars.AsSpan(chunk * 1000, 1000));
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
        Assert.True(engine.ValuesEmitted > 3000 * 14);
    }

    private static void Run(IndicatorEngine engine, DerivedEventBuffer sink, ReadOnlySpan<DerivedEvent> bars)
    {
        foreach (ref readonly DerivedEvent bar in bars)
        {
            engine.OnDerived(in bar);
            if (sink.Count > 3000)
            {
                sink.Clear();
            }
        }
    }

    private static DerivedEvent MinuteBar(long high, long low, long close, long volume)
    {
        var e = default(DerivedEvent);
        e.Header.Kind = DerivedEventKind.Bar;
        e.Header.Instrument = BtcUsdt;
        e.Header.Feed = BtcUsdt.Feed;
        e.Header.PriceDecimals = 2;
        e.Bar.StartTimeNs = July3Utc;
        e.Bar.EndTimeNs = July3Utc + Minute;
        e.Bar.TimeframeNs = Minute;
        e.Bar.Open = close;
        e.Bar.High = high;
        e.Bar.Low = low;
        e.Bar.Close = close;
        e.Bar.Volume = volume;
        e.Bar.Turnover = (Int128)close * volume;
        return e;
    }
}
