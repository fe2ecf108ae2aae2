using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;
using LowLatencyFeed.Replay;

namespace LowLatencyFeed.Replay.Tests;

/// <summary>
/// <c>--parallel</c>: the replay split by instrument over worker threads writes the same files for every worker count,
/// and those files hold exactly the single-threaded replay's rows in the canonical order (by source event, then
/// instrument id, each instrument's rows in replay order). An instrument whose events a worker handled out of order
/// would change its bars and metrics and fail the comparison with the single-threaded rows.
/// </summary>
public sealed class ParallelReplayTests : IDisposable
{
    private const int EventCount = 24_000;
    private static readonly FeedKind[] s_feeds = [FeedKind.Kite, FeedKind.Dhan, FeedKind.Binance, FeedKind.Kotak];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Files_are_byte_identical_for_1_2_and_4_workers_and_hold_the_single_threaded_rows_in_canonical_order()
    {
        string journal = WriteMultiProtocolJournal();
        var signals = new SignalOptions { MinPersistence = TimeSpan.FromMilliseconds(5) };

        (ReplayResult serial, string serialBars, string serialMetrics) = Replay(journal, signals, "serial-", workers: 0);
        Assert.Equal(EventCount, serial.Events);
        Assert.True(serial.Bars > 200, $"{serial.Bars} bars");
        Assert.True(serial.MetricsSamples > 1000, $"{serial.MetricsSamples} metric samples");

        // The split is real: the instruments fall into every partition of 4.
        var partitions = new HashSet<int>();
        for (int i = 0; i < 16; i++)
        {
            partitions.Add(JournalQuery.PartitionOf(Instrument(i).Value, 4));
        }

        Assert.Equal(4, partitions.Count);

        string[] expectedBars = Canonical(File.ReadAllLines(serialBars));
        string[] expectedMetrics = Canonical(File.ReadAllLines(serialMetrics));
        byte[]? firstBars = null;
        byte[]? firstMetrics = null;
        foreach (int workers in new[] { 1, 2, 4 })
        {
            (string bars, string metrics) = AssertParallelEqualsSerial(journal, signals, workers, "", serial, expectedBars, expectedMetrics);
            byte[] barBytes = File.ReadAllBytes(bars);
            byte[] metricBytes = File.ReadAllBytes(metrics);
            firstBars ??= barBytes;
            firstMetrics ??= metricBytes;
            Assert.Equal(firstBars, barBytes);
            Assert.Equal(firstMetrics, metricBytes);
        }
    }

    [Fact]
    public void A_journal_of_hundreds_of_blocks_and_200_instruments_replays_in_parallel_as_single_threaded()
    {
        // The shared block reader's ring of blocks wraps dozens of times over several segments, and every partition
        // holds dozens of instruments.
        const int instruments = 200;
        const int events = 40_000;
        string journal = WriteMultiProtocolJournal(events, instruments, segmentBytes: 192 * 1024);
        using (JournalCursor cursor = JournalReader.Open(journal).Read())
        {
            while (cursor.MoveNext())
            {
            }

            Assert.True(cursor.BlocksRead > 50 * SharedBlockReader.BlocksInFlight, $"{cursor.BlocksRead} blocks");
        }

        Assert.True(Directory.GetFiles(journal, "*.seg").Length >= 4);
        for (int partition = 0; partition < 3; partition++)
        {
            int members = Enumerable.Range(0, instruments).Count(i => JournalQuery.PartitionOf(Instrument(i).Value, 3) == partition);
            Assert.True(members > 40, $"partition {partition} of 3 has {members} instruments");
        }

        var signals = new SignalOptions { MinPersistence = TimeSpan.FromMilliseconds(5) };
        (ReplayResult serial, string serialBars, string serialMetrics) = Replay(journal, signals, "many-serial-", workers: 0);
        Assert.Equal(events, serial.Events);
        Assert.True(serial.Bars > instruments, $"{serial.Bars} bars");
        string[] expectedBars = Canonical(File.ReadAllLines(serialBars));
        string[] expectedMetrics = Canonical(File.ReadAllLines(serialMetrics));
        foreach (int workers in new[] { 2, 3 })
        {
            AssertParallelEqualsSerial(journal, signals, workers, "many-", serial, expectedBars, expectedMetrics);
        }
    }

    /// <summary>Replays with <paramref name="workers"/> partitions and asserts the counts and the canonical outputs equal the serial run's; returns the output files.</summary>
    private (string Bars, string Metrics) AssertParallelEqualsSerial(
        string journal, SignalOptions signals, int workers, string prefix, ReplayResult serial, string[] expectedBars, string[] expectedMetrics)
    {
        (ReplayResult parallel, string bars, string metrics) = Replay(journal, signals, prefix, workers);

        Assert.Equal(serial.Events, parallel.Events);
        Assert.Equal(serial.LastSequence, parallel.LastSequence);
        Assert.Equal(serial.Bars, parallel.Bars);
        Assert.Equal(serial.MetricsSamples, parallel.MetricsSamples);
        Assert.Equal(serial.Signals, parallel.Signals);
        Assert.Equal(0, parallel.IssueCount);
        Assert.Equal(expectedBars, File.ReadAllLines(bars));
        Assert.Equal(expectedMetrics, File.ReadAllLines(metrics));
        return (bars, metrics);
    }

    /// <summary>Replays with every open bar flushed at the end (0 workers: single-threaded) into <c>{prefix}bars-{workers}.csv</c> and <c>{prefix}metrics-{workers}.csv</c>.</summary>
    private (ReplayResult Result, string Bars, string Metrics) Replay(string journal, SignalOptions signals, string prefix, int workers)
    {
        string bars = Path.Combine(_temp.Path, $"{prefix}bars-{workers}.csv");
        string metrics = Path.Combine(_temp.Path, $"{prefix}metrics-{workers}.csv");
        ReplayResult result = ReplayRunner.Run(new ReplayOptions
        {
            JournalDirectory = journal,
            Signals = signals,
            BarsOutFile = bars,
            MetricsOutFile = metrics,
            FlushOpenBarsAtEnd = true,
            Parallelism = workers,
        });
        return (result, bars, metrics);
    }

    [Fact]
    public void Canonical_order_check_catches_an_instrument_replayed_out_of_order()
    {
        // The comparison above must be able to fail: swapping two trades of one instrument changes its bar rows.
        string journal = WriteMultiProtocolJournal();
        string swapped = Path.Combine(_temp.Path, "swapped");
        var events = new List<MarketEvent>();
        using (JournalCursor cursor = JournalReader.Open(journal).Read())
        {
            while (cursor.MoveNext())
            {
                events.Add(cursor.Current);
            }
        }

        int first = events.FindIndex(e => e.Header.Kind == EventKind.Tick);
        int second = events.FindIndex(first + 1, e => e.Header.Kind == EventKind.Tick && e.Header.Instrument == events[first].Header.Instrument && e.Tick.LastPrice != events[first].Tick.LastPrice);
        MarketEvent a = events[first];
        MarketEvent b = events[second];
        (a.Tick, b.Tick) = (b.Tick, a.Tick);
        events[first] = a;
        events[second] = b;
        using (var writer = JournalWriter.Open(JournalFixture.Options(swapped)))
        {
            for (int i = 0; i < events.Count; i++)
            {
                MarketEvent e = events[i];
                e.Depth.SlabIndex = e.Header.Kind == EventKind.Depth ? -1 : e.Depth.SlabIndex;
                Assert.True(writer.Append(in e, i));
            }
        }

        string original = Path.Combine(_temp.Path, "original.csv");
        string reordered = Path.Combine(_temp.Path, "reordered.csv");
        ReplayRunner.Run(new ReplayOptions { JournalDirectory = journal, BarsOutFile = original, FlushOpenBarsAtEnd = true, Parallelism = 2 });
        ReplayRunner.Run(new ReplayOptions { JournalDirectory = swapped, BarsOutFile = reordered, FlushOpenBarsAtEnd = true, Parallelism = 2 });
        Assert.NotEqual(File.ReadAllLines(original), File.ReadAllLines(reordered));
    }

    [Fact]
    public void A_corrupt_block_gives_the_same_issue_and_count_as_the_single_threaded_replay()
    {
        string journal = WriteMultiProtocolJournal();
        string segment = Directory.GetFiles(journal, "*.seg").OrderBy(p => p, StringComparer.Ordinal).First();
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite))
        {
            // A byte in the middle of the first segment: inside some block's header or payload.
            file.Position = file.Length / 2;
            int value = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)(value ^ 0x5A));
        }

        ReplayResult serial = ReplayRunner.Run(new ReplayOptions { JournalDirectory = journal });
        Assert.True(serial.IssueCount >= 1);
        Assert.True(serial.Events < EventCount);
        foreach (int workers in new[] { 1, 2, 4 })
        {
            var reported = new List<JournalIssue>();
            ReplayResult parallel = ReplayRunner.Run(new ReplayOptions { JournalDirectory = journal, Parallelism = workers, OnIssue = reported.Add });
            Assert.Equal(serial.IssueCount, parallel.IssueCount);
            Assert.Equal(serial.Issues, parallel.Issues);
            Assert.Equal(serial.Issues, reported);
            Assert.Equal(serial.Events, parallel.Events);
            Assert.Equal(serial.ExitCode, parallel.ExitCode);
        }
    }

    [Fact]
    public void Parallel_refuses_what_it_cannot_reproduce()
    {
        string journal = WriteMultiProtocolJournal();
        var paced = Assert.Throws<ArgumentException>(() => ReplayRunner.Run(new ReplayOptions { JournalDirectory = journal, Parallelism = 2, Speed = ReplaySpeed.Parse("10x") }));
        Assert.Contains("--speed", paced.Message, StringComparison.Ordinal);
        var sink = Assert.Throws<ArgumentException>(() => ReplayRunner.Run(new ReplayOptions { JournalDirectory = journal, Parallelism = 2, DerivedSink = new DerivedEventBuffer(16) }));
        Assert.Contains("derived sink", sink.Message, StringComparison.Ordinal);
    }

    private static InstrumentId Instrument(int index) => InstrumentId.From(s_feeds[index % s_feeds.Length], 256_000 + index);

    /// <summary>The test generator's events with its instruments (16 unless told) spread over four protocols.</summary>
    private string WriteMultiProtocolJournal(int events = EventCount, int instruments = 16, long segmentBytes = 256 * 1024)
    {
        string directory = Path.Combine(_temp.Path, "journal-" + Guid.NewGuid().ToString("N"));
        var slabs = new DepthSlabPool(1);
        var generator = new TestEventGenerator(2026, instruments, slabs: slabs);
        using var writer = JournalWriter.Open(JournalFixture.Options(directory, segmentBytes: segmentBytes), slabs);
        MarketEvent e = default;
        for (long s = 0; s < events; s++)
        {
            generator.Next(s, ref e);
            if (e.Header.Instrument != default)
            {
                int index = (int)(e.Header.Instrument.Token - 256_000);
                e.Header.Instrument = Instrument(index);
                e.Header.Feed = e.Header.Instrument.Feed;
            }

            Assert.True(writer.Append(in e, s));
        }

        return directory;
    }

    /// <summary>Header first, then the rows stably ordered by source sequence (the flushed partial bars last), then instrument id.</summary>
    private static string[] Canonical(string[] lines)
    {
        string[] header = lines[0].Split(',');
        int sequence = Array.IndexOf(header, "source_sequence");
        int instrument = Array.IndexOf(header, "instrument_id");
        int flags = Array.IndexOf(header, "flags");
        Assert.True(sequence >= 0 && instrument >= 0);
        var rows = lines.Skip(1)
            .Select((line, index) => (Line: line, Cells: line.Split(','), Index: index))
            .OrderBy(r => flags >= 0 && r.Cells[flags].Contains("Partial", StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(r => long.Parse(r.Cells[sequence], System.Globalization.CultureInfo.InvariantCulture))
            .ThenBy(r => long.Parse(r.Cells[instrument], System.Globalization.CultureInfo.InvariantCulture))
            .ThenBy(r => r.Index)
            .Select(r => r.Line);
        return [lines[0], .. rows];
    }
}
