using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Journal.Writing;
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
    private static readonly InstrumentId s_btc = InstrumentId.From(FeedKind.Binance, 1);
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
            history.Add(Trade(t, price, random.Next(1, 100), history.Count));
        }

        using (var writer = JournalWriter.Open(new JournalWriterOptions { Directory = Path.Combine(_directory, "journal") }))
        {
            foreach (MarketEvent e in history)
            {
                writer.Append(in e, e.Header.Sequence);
            }
        }

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
        MarketEvent next = Trade(start + (3 * 86_400 * Second) + (90 * Second), price + 500, 7, history.Count);

        // The reference: one pass over the full history and the next trade.
        IndicatorOptions indicatorOptions = options.Processing.ToIndicatorOptions();
        var reference = IndicatorStageSink.Create(new DerivedEventBuffer(1 << 16), indicatorOptions);
        var referenceBars = new BarAggregator(options.Processing.ToBarOptions(), reference);
        foreach (MarketEvent e in history)
        {
            referenceBars.OnEvent(in e);
        }

        await using var engine = new FeedEngine(EngineSettings.From(options), _ => [], NullLoggerFactory.Instance);
        IndicatorEngine live = engine.Indicators!;
        Assert.True(live.Bars > 3 * 1440, $"seeded from {live.Bars} bars");
        AssertSameState(reference.Engine, live, indicatorOptions.Indicators.Count);

        // The first live bar: the next trade closes the open minute bar in both.
        referenceBars.OnEvent(in next);
        engine.Bars.OnEvent(ref next, next.Header.Sequence, endOfBatch: true);
        AssertSameState(reference.Engine, live, indicatorOptions.Indicators.Count);
    }

    private static void AssertSameState(IndicatorEngine expected, IndicatorEngine actual, int specs)
    {
        for (int i = 0; i < specs; i++)
        {
            Indicator want = expected.Find(s_btc, i)!;
            Indicator got = actual.Find(s_btc, i)!;
            Assert.Equal(want.Count, got.Count);
            Assert.True(want.IsReady && got.IsReady);
            IndicatorValues[] values = [default, default];
            want.Write(ref values[0]);
            got.Write(ref values[1]);
            Assert.True(
                MemoryMarshal.AsBytes(values.AsSpan(0, 1)).SequenceEqual(MemoryMarshal.AsBytes(values.AsSpan(1, 1))),
                $"{expected.Specs[i].Label}: {values[0].Value1:R} over the full history, {values[1].Value1:R} after warm-up");
        }
    }

    private static MarketEvent Trade(long timeNs, long price, long quantity, long sequence)
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = FeedKind.Binance;
        e.Header.Instrument = s_btc;
        e.Header.PriceDecimals = 2;
        e.Header.Sequence = sequence;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.IsTrade;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = quantity;
        return e;
    }
}
