using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// A host started on a journal three days long seeds its indicators from the whole journal (not only the one-day tail
/// the bars and books are warmed from): every indicator's state, and the first live value, equal the values computed
/// over the full history in one pass.
/// </summary>
public sealed class IndicatorWarmUpTests : IDisposable
{
    private const long Second = 1_000_000_000L;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-warmup-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task First_live_value_equals_the_value_over_the_full_history()
    {
        // Three days of trades every 20 s, a random walk; OBV alone would show a one-day seed (it sums from the first bar).
        long start = 1_767_225_600L * Second; // 2026-01-01T00:00:00Z
        var random = new Random(5);
        var history = new List<MarketEvent>();
        long price = 5_000_000;
        for (long t = start; t < start + (3 * 86_400 * Second); t += 20 * Second)
        {
            price = Math.Max(1_000, price + random.Next(-2_000, 2_001));
            history.Add(IndicatorWarmUpCheck.Trade(t, price, random.Next(1, 100), history.Count));
        }

        IndicatorWarmUpCheck.WriteJournal(_directory, history);

        var options = new FeedHostOptions
        {
            DataDirectory = _directory,
            Database = new DatabaseOptions { PrivateCluster = false },
            Processing = new ProcessingOptions
            {
                Timeframes = ["1m", "1h"],
                Indicators = [.. IndicatorSpec.Names.Select(name => new IndicatorConfig { Timeframe = "1m", Name = name }), new IndicatorConfig { Timeframe = "1h", Name = "ema", Period = 10 }],
            },
        };
        MarketEvent next = IndicatorWarmUpCheck.Trade(start + (3 * 86_400 * Second) + (90 * Second), price + 500, 7, history.Count);

        // The reference: one pass over the full history and the next trade.
        IndicatorOptions indicatorOptions = options.Processing.ToIndicatorOptions();
        var reference = IndicatorStageSink.Create(new DerivedEventBuffer(1 << 16), indicatorOptions);
        var referenceBars = new BarAggregator(options.Processing.ToBarOptions(), reference);
        foreach (MarketEvent e in history)
        {
            referenceBars.OnEvent(in e);
        }

        await using var engine = new FeedEngine(EngineSettings.From(options), _ => [], NullLoggerFactory.Instance);
        Assert.True(engine.Indicators!.Bars > 3 * 1440, $"seeded from {engine.Indicators.Bars} bars");
        IndicatorWarmUpCheck.AssertSeededThenFirstLiveBar(reference.Engine, referenceBars, engine, next, indicatorOptions.Indicators.Count);
    }
}
