using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.Replay;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Replay.Tests;

/// <summary>Replay computes the live run's indicator values bit for bit, for the whole journal and from the middle of it.</summary>
public sealed class IndicatorReplayTests : IDisposable
{
    private const int Count = 24_000;
    private static readonly BarOptions s_bars = new() { Timeframes = [BarTimeframe.Seconds(1)] };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Every kind, short periods so a 1-second series of a few dozen bars reaches them all.</summary>
    private static IndicatorOptions Indicators => new()
    {
        Indicators =
        [
            new(IndicatorKind.Sma, TimeSpan.FromSeconds(1), 5), new(IndicatorKind.Ema, TimeSpan.FromSeconds(1), 5),
            new(IndicatorKind.Wma, TimeSpan.FromSeconds(1), 5), new(IndicatorKind.Rsi, TimeSpan.FromSeconds(1), 5),
            new(IndicatorKind.Macd, TimeSpan.FromSeconds(1), 3, 6, 3), new(IndicatorKind.Bollinger, TimeSpan.FromSeconds(1), 5, Multiplier: 2),
            new(IndicatorKind.Atr, TimeSpan.FromSeconds(1), 5), new(IndicatorKind.Adx, TimeSpan.FromSeconds(1), 3),
            new(IndicatorKind.Stochastic, TimeSpan.FromSeconds(1), 5, SignalPeriod: 3), new(IndicatorKind.Cci, TimeSpan.FromSeconds(1), 5),
            new(IndicatorKind.WilliamsR, TimeSpan.FromSeconds(1), 5), new(IndicatorKind.Obv, TimeSpan.FromSeconds(1)),
            new(IndicatorKind.Mfi, TimeSpan.FromSeconds(1), 5), new(IndicatorKind.Vwap, TimeSpan.FromSeconds(1)),
            new(IndicatorKind.SuperTrend, TimeSpan.FromSeconds(1), 3, Multiplier: 2),
        ],
    };

    [Fact]
    public void Full_replay_equals_the_live_values_bit_for_bit_and_writes_them()
    {
        DerivedEvent[] live = RunLive();
        string csv = Path.Combine(_temp.Path, "indicators.csv");
        DerivedEvent[] replayed = Replay(new ReplayOptions { JournalDirectory = _temp.Path, Bars = s_bars, Indicators = Indicators, IndicatorsOutFile = csv }, out ReplayResult result);

        Assert.True(live.Length > 1000, $"live produced {live.Length} indicator values");
        Assert.Equal(15, live.Select(e => e.Indicator.Kind).Distinct().Count());
        AssertSame(live, replayed);
        Assert.Equal(live.Length, result.Indicators);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal(IndicatorFileWriter.CsvHeader, lines[0]);
        Assert.Equal(live.Length + 1, lines.Length);
    }

    [Fact]
    public void Replay_from_the_middle_is_seeded_from_the_journal_before_it_and_equals_live()
    {
        DerivedEvent[] live = RunLive();

        long fromSequence = Count / 2;
        DerivedEvent[] bySequence = Replay(new ReplayOptions { JournalDirectory = _temp.Path, Bars = s_bars, Indicators = Indicators, FromSequence = fromSequence }, out _);
        AssertSame([.. live.Where(e => e.Header.SourceSequence >= fromSequence)], bySequence);

        // By time: the first replayed event is the first at or after the time; every later value equals live.
        long fromTime = TestEventGenerator.StartTimeNs + (7 * 1_000_000_000L) + 250_000_000;
        long firstSequence;
        using (JournalCursor cursor = JournalReader.Open(_temp.Path).Read(new JournalQuery { FromTimeNs = fromTime }))
        {
            Assert.True(cursor.MoveNext());
            firstSequence = cursor.Current.Header.Sequence;
        }

        DerivedEvent[] byTime = Replay(new ReplayOptions { JournalDirectory = _temp.Path, Bars = s_bars, Indicators = Indicators, FromTimeNs = fromTime }, out _);
        Assert.True(byTime.Length > 500);
        AssertSame([.. live.Where(e => e.Header.SourceSequence >= firstSequence)], byTime);
    }

    private DerivedEvent[] RunLive()
    {
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(256, WaitStrategies.Create(WaitStrategyKind.Blocking));
        var live = new DerivedEventBuffer(1 << 16);
        using (var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path, SegmentBytes = 256 * 1024 }))
        using (var pipeline = new Pipeline<MarketEvent>(ring))
        {
            pipeline.HandleEventsWith(
                pipeline.Handler(new JournalWriterHandler(writer), new ConsumerOptions("journal")),
                pipeline.Handler(new BarBuilderHandler(s_bars, IndicatorStageSink.Create(live, Indicators)), new ConsumerOptions("bars")));
            pipeline.Start();
            var generator = new TestEventGenerator(91, instruments: 6, ticksOnly: true);
            for (int i = 0; i < Count; i++)
            {
                long sequence = ring.Next();
                generator.Next(sequence, ref ring[sequence]);
                ring.Publish(sequence);
            }

            Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(60)));
        }

        return [.. live.Events.ToArray().Where(e => e.Header.Kind == DerivedEventKind.Indicator)];
    }

    private static DerivedEvent[] Replay(ReplayOptions options, out ReplayResult result)
    {
        var sink = new DerivedEventBuffer(1 << 16);
        result = ReplayRunner.Run(new ReplayOptions
        {
            JournalDirectory = options.JournalDirectory,
            Bars = options.Bars,
            Indicators = options.Indicators,
            IndicatorsOutFile = options.IndicatorsOutFile,
            FromSequence = options.FromSequence,
            FromTimeNs = options.FromTimeNs,
            DerivedSink = sink,
        });
        return [.. sink.Events.ToArray().Where(e => e.Header.Kind == DerivedEventKind.Indicator)];
    }

    /// <summary>Same events in the same order, every byte of the slot equal (doubles bit for bit).</summary>
    private static void AssertSame(DerivedEvent[] expected, DerivedEvent[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                MemoryMarshal.AsBytes(expected.AsSpan(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan(i, 1))),
                $"indicator value {i} ({IndicatorLabels.Of(in expected[i].Indicator)} seq {expected[i].Header.SourceSequence}) differs: {expected[i].Indicator.Value1:R} vs {actual[i].Indicator.Value1:R}");
        }
    }
}
