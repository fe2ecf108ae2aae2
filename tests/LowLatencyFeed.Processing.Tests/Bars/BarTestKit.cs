using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Tests.Bars;

internal static class BarTestKit
{
    public static BarAggregator Create(out DerivedEventBuffer sink, params BarTimeframe[] timeframes) =>
        Create(out sink, new BarOptions { Timeframes = timeframes, ClockCloseDelay = TimeSpan.Zero });

    public static BarAggregator Create(out DerivedEventBuffer sink, BarOptions options)
    {
        sink = new DerivedEventBuffer(64);
        return new BarAggregator(options, sink);
    }

    public static void Feed(BarAggregator aggregator, params MarketEvent[] events)
    {
        foreach (MarketEvent e in events)
        {
            aggregator.OnEvent(in e);
        }
    }

    public static void Flush(BarAggregator aggregator)
    {
        MarketEvent source = Events.Clock(0, sequence: 999_999);
        aggregator.FlushOpenBars(in source.Header);
    }

    public static List<DerivedEvent> Emitted(DerivedEventBuffer sink, int timeframe = -1, InstrumentId? instrument = null)
    {
        var bars = new List<DerivedEvent>();
        foreach (DerivedEvent e in sink.Events)
        {
            Assert.Equal(DerivedEventKind.Bar, e.Header.Kind);
            if ((timeframe < 0 || e.Bar.TimeframeIndex == timeframe) && (instrument is null || e.Header.Instrument == instrument.Value))
            {
                bars.Add(e);
            }
        }

        return bars;
    }

    public static void AssertOhlc(in DerivedEvent bar, long open, long high, long low, long close)
    {
        Assert.Equal(open, bar.Bar.Open);
        Assert.Equal(high, bar.Bar.High);
        Assert.Equal(low, bar.Bar.Low);
        Assert.Equal(close, bar.Bar.Close);
    }
}
