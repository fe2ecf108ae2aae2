using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// What the indicator warm-up tests share: the trades they journal, and the check that a host's indicators, seeded at
/// start, hold exactly the state of a reference computed apart from the host — before and after the first live bar.
/// </summary>
internal static class IndicatorWarmUpCheck
{
    /// <summary>The one instrument of the warm-up tests: Binance token 1, prices at 2 decimals.</summary>
    public static readonly InstrumentId Btc = InstrumentId.From(FeedKind.Binance, 1);

    /// <summary>A trade of <see cref="Btc"/> at <paramref name="timeNs"/>.</summary>
    public static MarketEvent Trade(long timeNs, long price, long quantity, long sequence)
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = FeedKind.Binance;
        e.Header.Instrument = Btc;
        e.Header.PriceDecimals = 2;
        e.Header.Sequence = sequence;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.IsTrade;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = quantity;
        return e;
    }

    /// <summary>Writes <paramref name="events"/> to a journal in <paramref name="dataDirectory"/>/journal, each at its own sequence.</summary>
    public static void WriteJournal(string dataDirectory, IEnumerable<MarketEvent> events)
    {
        using var writer = JournalWriter.Open(new JournalWriterOptions { Directory = Path.Combine(dataDirectory, "journal") });
        foreach (MarketEvent e in events)
        {
            writer.Append(in e, e.Header.Sequence);
        }
    }

    /// <summary>
    /// The engine's seeded indicators equal <paramref name="reference"/>'s; then <paramref name="next"/>, a trade that
    /// closes the open minute bar, goes through both — the reference's bars and the engine's bar stage — and the first
    /// live values agree too.
    /// </summary>
    public static void AssertSeededThenFirstLiveBar(IndicatorEngine reference, BarAggregator referenceBars, FeedEngine engine, MarketEvent next, int specs)
    {
        IndicatorEngine live = engine.Indicators!;
        AssertSameState(reference, live, specs);
        referenceBars.OnEvent(in next);
        engine.Bars.OnEvent(ref next, next.Header.Sequence, endOfBatch: true);
        AssertSameState(reference, live, specs);
    }

    /// <summary>Every one of the first <paramref name="specs"/> indicators of <see cref="Btc"/> is ready and holds the same count and values, bit for bit.</summary>
    public static void AssertSameState(IndicatorEngine expected, IndicatorEngine actual, int specs)
    {
        for (int i = 0; i < specs; i++)
        {
            Indicator want = expected.Find(Btc, i)!;
            Indicator got = actual.Find(Btc, i)!;
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
}
