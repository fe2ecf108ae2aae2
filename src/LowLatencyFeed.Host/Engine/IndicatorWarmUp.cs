using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Seeds the live indicators with every bar of the journal's history before the ring starts, so the first live value
/// equals the value computed over the full history (and a replay of the whole journal). A fresh bar aggregator with
/// the live options runs over the whole journal and hands its bars to the live <see cref="IndicatorEngine"/>; the
/// values go to the discarding warm-up sink (the journal's rows are the storage catch-up's job). The
/// tail window warm-up of <see cref="ProcessingWarmUp"/> that follows re-closes some of those bars in the live
/// aggregator; the engine skips bars that do not start after the last one it took.
/// </summary>
internal static class IndicatorWarmUp
{
    /// <summary>Returns the journal events replayed.</summary>
    public static long Run(string journalDirectory, long lastSequence, BarOptions barOptions, IndicatorEngine engine, IDerivedEventSink discard)
    {
        var bars = new BarBuilderHandler(barOptions, new IndicatorStageSink(discard, engine));
        return ProcessingWarmUp.RunFullHistory(journalDirectory, lastSequence, depthSlabs: null, [bars]);
    }
}
