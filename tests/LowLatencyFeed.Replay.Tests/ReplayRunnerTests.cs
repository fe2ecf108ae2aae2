using System.Runtime.InteropServices;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Journal;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;
using LowLatencyFeed.Replay;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Replay.Tests;

public sealed class ReplayRunnerTests : IDisposable
{
    private static readonly InstrumentId s_btc = InstrumentId.From(FeedKind.Binance, 1);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Replay_reproduces_the_live_runs_bars_and_book_metrics_exactly()
    {
        const int Count = 30_000;
        var barOptions = new BarOptions();
        var bookOptions = new BookOptions();
        var signalOptions = new SignalOptions { MinPersistence = TimeSpan.FromMilliseconds(5) };

        // Live: the ring with the journal, bar and book consumers on their own threads, slab depth through a gated pool.
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(256, WaitStrategies.Create(WaitStrategyKind.Blocking));
        var slabs = new DepthSlabPool(256, gate: ring.GetMinimumGatingSequence);
        var liveBars = new DerivedEventBuffer(1 << 16);
        var liveBooks = new DerivedEventBuffer(1 << 16);
        using (var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path, SegmentBytes = 256 * 1024 }, slabs))
        using (var pipeline = new Pipeline<MarketEvent>(ring))
        {
            pipeline.HandleEventsWith(
                pipeline.Handler(new JournalWriterHandler(writer), new ConsumerOptions("journal")),
                pipeline.Handler(new BarBuilderHandler(barOptions, liveBars), new ConsumerOptions("bars")),
                pipeline.Handler(new BookBuilderHandler(bookOptions, signalOptions, liveBooks, slabs), new ConsumerOptions("books")));
            pipeline.Start();
            var generator = new TestEventGenerator(77, slabs: slabs);
            for (int i = 0; i < Count; i++)
            {
                long sequence = ring.Next();
                generator.Next(sequence, ref ring[sequence]);
                ring.Publish(sequence);
            }

            Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(60)));
            Assert.Equal(Count - 1, writer.LastWrittenSequence);
        }

        Assert.True(liveBars.Count > 100, $"live produced {liveBars.Count} bars");
        Assert.True(liveBooks.Count > 1000, $"live produced {liveBooks.Count} book events");

        var replayed = new DerivedEventBuffer(1 << 16);
        ReplayResult result = ReplayRunner.Run(new ReplayOptions
        {
            JournalDirectory = _temp.Path,
            Bars = barOptions,
            Books = bookOptions,
            Signals = signalOptions,
            DerivedSink = replayed,
            BarsOutFile = Path.Combine(_temp.Path, "bars.csv"),
            MetricsOutFile = Path.Combine(_temp.Path, "metrics.csv"),
        });

        Assert.Equal(Count, result.Events);
        Assert.Equal(0, result.IssueCount);
        AssertSameStream(liveBars.Events, replayed.Events, e => e.Header.Kind == DerivedEventKind.Bar);
        AssertSameStream(liveBooks.Events, replayed.Events, e => e.Header.Kind != DerivedEventKind.Bar);
        Assert.True(result.Signals > 0, "signals exercised");

        Assert.Equal(result.Bars + 1, File.ReadAllLines(Path.Combine(_temp.Path, "bars.csv")).Length);
        Assert.Equal(result.MetricsSamples + 1, File.ReadAllLines(Path.Combine(_temp.Path, "metrics.csv")).Length);
    }

    [Fact]
    public void Bars_file_holds_the_hand_computed_bar_in_csv_and_jsonl()
    {
        using (var writer = JournalWriter.Open(JournalFixture.Options(_temp.Path)))
        {
            long t0 = TestEventGenerator.StartTimeNs;
            MarketEvent[] trades = [Trade(t0 + 100_000_000, 10_000, 1_000), Trade(t0 + 500_000_000, 10_150, 500), Trade(t0 + 900_000_000, 9_975, 2_000)];
            for (int i = 0; i < trades.Length; i++)
            {
                writer.Append(in trades[i], i);
            }

            MarketEvent clock = default;
            clock.Header.Kind = EventKind.Clock;
            clock.Header.ExchangeTimeNs = t0 + 3_500_000_000;
            clock.Header.ReceiveTimeNs = clock.Header.ExchangeTimeNs;
            writer.Append(in clock, 3);
        }

        var bars = new BarOptions { Timeframes = [BarTimeframe.Seconds(1)] };
        string csv = Path.Combine(_temp.Path, "bars.csv");
        ReplayResult result = ReplayRunner.Run(new ReplayOptions { JournalDirectory = _temp.Path, Bars = bars, BarsOutFile = csv });
        Assert.Equal(1, result.Bars);

        string[] lines = File.ReadAllLines(csv);
        Assert.Equal(BarFileWriter.CsvHeader, lines[0]);
        Assert.Equal(
            $"Binance:1,{s_btc.Value},1s,2025-01-01T00:00:00.0000000Z,2025-01-01T00:00:01.0000000Z,100.00,101.50,99.75,99.75,3.500,3,100.07,350.25000,ClosedByClock,3,{TestEventGenerator.StartTimeNs + 3_500_000_000},{TestEventGenerator.StartTimeNs + 3_500_000_000}",
            lines[1]);

        string jsonl = Path.Combine(_temp.Path, "bars.jsonl");
        ReplayRunner.Run(new ReplayOptions { JournalDirectory = _temp.Path, Bars = bars, BarsOutFile = jsonl, Format = ReplayOutputFormat.Jsonl });
        string line = Assert.Single(File.ReadAllLines(jsonl));
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement bar = doc.RootElement;
        Assert.Equal("Binance:1", bar.GetProperty("instrument").GetString());
        Assert.Equal("1s", bar.GetProperty("timeframe").GetString());
        Assert.Equal("2025-01-01T00:00:00.0000000Z", bar.GetProperty("start").GetString());
        Assert.Equal(100.00m, bar.GetProperty("open").GetDecimal());
        Assert.Equal(101.50m, bar.GetProperty("high").GetDecimal());
        Assert.Equal(99.75m, bar.GetProperty("low").GetDecimal());
        Assert.Equal(99.75m, bar.GetProperty("close").GetDecimal());
        Assert.Equal(3.5m, bar.GetProperty("volume").GetDecimal());
        Assert.Equal(3, bar.GetProperty("trade_count").GetInt64());
    }

    [Fact]
    public void Metrics_file_has_a_column_per_imbalance_window()
    {
        using (var writer = JournalWriter.Open(JournalFixture.Options(_temp.Path)))
        {
            MarketEvent depth = default;
            depth.Header.Kind = EventKind.Depth;
            depth.Header.Feed = FeedKind.Binance;
            depth.Header.Instrument = s_btc;
            depth.Header.PriceDecimals = 2;
            depth.Header.ExchangeTimeNs = TestEventGenerator.StartTimeNs;
            depth.Header.ReceiveTimeNs = TestEventGenerator.StartTimeNs;
            depth.Depth.SlabIndex = -1;
            depth.Depth.BidCount = 1;
            depth.Depth.AskCount = 1;
            depth.Depth.Levels[0] = new DepthLevel(9_900, 30, 0);
            depth.Depth.Levels[1] = new DepthLevel(10_100, 10, 0);
            writer.Append(in depth, 0);
        }

        string csv = Path.Combine(_temp.Path, "metrics.csv");
        ReplayResult result = ReplayRunner.Run(new ReplayOptions { JournalDirectory = _temp.Path, MetricsOutFile = csv });
        Assert.Equal(1, result.MetricsSamples);
        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].Split(',');
        string[] row = lines[1].Split(',');
        Assert.Equal(header.Length, row.Length);
        string Cell(string column) => row[Array.IndexOf(header, column)];
        Assert.Equal("99.00", Cell("best_bid"));
        Assert.Equal("101.00", Cell("best_ask"));
        Assert.Equal("2.00", Cell("spread"));
        Assert.Equal("100.000", Cell("mid"));
        Assert.Equal("0.5", Cell("imbalance_1")); // (30 - 10) / (30 + 10)
        Assert.Equal("0.5", Cell("imbalance_all"));
    }

    [Fact]
    public void Replay_filters_by_time_and_instrument()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path), 5000, seed: 5);
        InstrumentId only = TestEventGenerator.Instrument(3);
        var seen = new CountingHandler();
        long from = TestEventGenerator.StartTimeNs + 1_000_000_000;
        long to = TestEventGenerator.StartTimeNs + 3_000_000_000;
        ReplayResult result = ReplayRunner.Run(new ReplayOptions
        {
            JournalDirectory = _temp.Path,
            FromTimeNs = from,
            ToTimeNs = to,
            Instruments = [only],
            AdditionalHandlers = [seen],
        });

        Assert.Equal(result.Events, seen.Events);
        Assert.True(seen.Events > 0);
        Assert.All(seen.Seen, e =>
        {
            Assert.True(e.Header.Instrument == only || e.Header.Kind is EventKind.Control or EventKind.Clock);
            long time = e.Header.ExchangeTimeNs != 0 ? e.Header.ExchangeTimeNs : e.Header.ReceiveTimeNs;
            Assert.InRange(time, from, to - 1);
            Assert.True((e.Header.Flags & EventFlags.Replayed) != 0);
        });
        Assert.True(seen.Started && seen.ShutDown && seen.Batches > 0);
    }

    [Fact]
    public async Task Paced_replay_gives_the_same_results_as_max_and_can_be_cancelled()
    {
        using (var writer = JournalWriter.Open(JournalFixture.Options(_temp.Path)))
        {
            long t0 = TestEventGenerator.StartTimeNs;
            for (int i = 0; i < 50; i++)
            {
                MarketEvent trade = Trade(t0 + (i * 20_000_000L), 10_000 + i, 1_000);
                writer.Append(in trade, i);
            }
        }

        var fast = new DerivedEventBuffer();
        var paced = new DerivedEventBuffer();
        var bars = new BarOptions { Timeframes = [BarTimeframe.Seconds(1)] };
        ReplayRunner.Run(new ReplayOptions { JournalDirectory = _temp.Path, Bars = bars, DerivedSink = fast, FlushOpenBarsAtEnd = true });
        ReplayResult result = await ReplayRunner.RunAsync(new ReplayOptions { JournalDirectory = _temp.Path, Bars = bars, DerivedSink = paced, FlushOpenBarsAtEnd = true, Speed = ReplaySpeed.Parse("100x") });
        Assert.Equal(50, result.Events);
        Assert.True(MemoryMarshal.AsBytes(fast.Events).SequenceEqual(MemoryMarshal.AsBytes(paced.Events)));

        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        ReplayResult cancelled = ReplayRunner.Run(new ReplayOptions { JournalDirectory = _temp.Path, Speed = ReplaySpeed.RealTime }, cancellation: cancel.Token);
        Assert.True(cancelled.Cancelled);
        Assert.Equal(0, cancelled.Events);
    }

    [Theory]
    [InlineData("max", 0)]
    [InlineData("1x", 1)]
    [InlineData("10x", 10)]
    [InlineData("0.5X", 0.5)]
    [InlineData("4", 4)]
    public void Speed_parses(string text, double multiplier) => Assert.Equal(multiplier, ReplaySpeed.Parse(text).Multiplier);

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-1x")]
    [InlineData("0x")]
    public void Bad_speed_is_a_clear_error(string text) => Assert.Contains("max, 1x or Nx", Assert.Throws<FormatException>(() => ReplaySpeed.Parse(text)).Message);

    [Fact]
    public void Cli_values_parse()
    {
        Assert.Equal(1_735_689_600_000_000_000, ReplayArguments.ParseTime("2025-01-01T00:00:00Z"));
        Assert.Equal(1_735_689_600_000_000_000, ReplayArguments.ParseTime("2025-01-01"));
        Assert.Equal(1_735_709_400_000_000_000, ReplayArguments.ParseTime("2025-01-01T11:00:00+05:30"));
        Assert.Equal(1_735_689_600_000_000_000, ReplayArguments.ParseTime("1735689600"));
        Assert.Equal(1_735_689_600_000_000_000, ReplayArguments.ParseTime("1735689600000"));
        Assert.Equal(1_735_689_600_000_000_001, ReplayArguments.ParseTime("1735689600000000001"));
        Assert.Throws<FormatException>(() => ReplayArguments.ParseTime("yesterday"));

        Assert.Equal(
            new[] { InstrumentId.From(FeedKind.Kite, 408065), InstrumentId.From(FeedKind.Binance, 1), new InstrumentId(42) },
            ReplayArguments.ParseInstruments("Kite:408065,binance:1", "42"));
        Assert.Contains("Feed:Token", Assert.Throws<FormatException>(() => ReplayArguments.ParseInstruments("Nyse:1")).Message);

        Assert.Equal(ReplayOutputFormat.Jsonl, ReplayArguments.ParseFormat("JSONL"));
        Assert.Throws<FormatException>(() => ReplayArguments.ParseFormat("xml"));
    }

    private static MarketEvent Trade(long timeNs, long price, long quantity)
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = FeedKind.Binance;
        e.Header.Instrument = s_btc;
        e.Header.PriceDecimals = 2;
        e.Header.QuantityDecimals = 3;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs + 1_000_000;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = quantity;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.IsTrade;
        return e;
    }

    private static void AssertSameStream(ReadOnlySpan<DerivedEvent> live, ReadOnlySpan<DerivedEvent> replayed, Func<DerivedEvent, bool> select)
    {
        var expected = new List<DerivedEvent>(live.ToArray());
        var actual = new List<DerivedEvent>();
        foreach (DerivedEvent e in replayed)
        {
            if (select(e))
            {
                actual.Add(e);
            }
        }

        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            DerivedEvent a = expected[i];
            DerivedEvent b = actual[i];
            ReadOnlySpan<byte> x = MemoryMarshal.AsBytes(new ReadOnlySpan<DerivedEvent>(in a));
            ReadOnlySpan<byte> y = MemoryMarshal.AsBytes(new ReadOnlySpan<DerivedEvent>(in b));
            Assert.True(x.SequenceEqual(y), $"derived event {i} ({a.Header.Kind}, source {a.Header.SourceSequence}) differs at byte {x.CommonPrefixLength(y)}");
        }
    }

    private sealed class CountingHandler : IEventHandler<MarketEvent>
    {
        public long Events { get; private set; }

        public List<MarketEvent> Seen { get; } = new();

        public bool Started { get; private set; }

        public bool ShutDown { get; private set; }

        public int Batches { get; private set; }

        public void OnStart() => Started = true;

        public void OnBatchStart(long batchSize) => Batches++;

        public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
        {
            Events++;
            Seen.Add(data);
        }

        public void OnBatchEnd(long lastSequence)
        {
        }

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown() => ShutDown = true;
    }
}
