using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Journal.Tests;

public sealed class RoundTripTests : IDisposable
{
    /// <summary>Passes each allocation test measures; it asserts on the fewest bytes of any pass.</summary>
    private const int MeasuredPasses = 5;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Two_million_events_round_trip_across_several_segments()
    {
        const int Count = 2_000_000;
        var options = new JournalWriterOptions
        {
            Directory = _temp.Path,
            SegmentBytes = 8L << 20,
            Durability = JournalDurability.FlushPerBlock,
        };
        MarketEvent e = default;
        using (var writer = JournalWriter.Open(options))
        {
            for (long s = 0; s < Count; s++)
            {
                SmallEvents.Fill(s, ref e);
                writer.Append(in e, s);
            }
        }

        var reader = JournalReader.Open(_temp.Path);
        Assert.True(reader.Segments.Count >= 3, $"expected several segments, got {reader.Segments.Count}");

        MarketEvent expected = default;
        long sequence = 0;
        using (JournalCursor cursor = reader.Read())
        {
            while (cursor.MoveNext())
            {
                SmallEvents.Fill(sequence, ref expected);
                EventAssert.AssertBytes(in expected, in cursor.Current);
                sequence++;
            }

            Assert.Empty(cursor.Issues);
        }

        Assert.Equal(Count, sequence);
    }

    [Fact]
    public void Mixed_events_of_every_kind_round_trip_across_segments()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 500, segmentBytes: 64 * 1024), 20_000, seed: 12);
        Assert.True(JournalDirectory.ListSegments(_temp.Path).Count >= 3);
        AssertReadsBack(_temp.Path, 20_000, seed: 12);
    }

    [Fact]
    public void Uncompressed_journal_reads_back_the_same()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, compression: JournalCompression.None), 5000, seed: 3);
        AssertReadsBack(_temp.Path, 5000, seed: 3);
    }

    [Fact]
    public void Seek_by_sequence_starts_exactly_there_in_every_block_position()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 50, segmentBytes: 16 * 1024), 3000, seed: 5);
        var reader = JournalReader.Open(_temp.Path);
        Assert.True(reader.Segments.Count > 2);

        foreach (long from in new long[] { 0, 1, 49, 50, 51, 777, 1999, 2999 })
        {
            using JournalCursor cursor = reader.Read(new JournalQuery { FromSequence = from, ToSequence = from + 10 });
            long expected = from;
            while (cursor.MoveNext())
            {
                Assert.Equal(expected++, cursor.Current.Header.Sequence);
            }

            Assert.Equal(Math.Min(from + 11, 3000), expected);

            // Seeking decodes at most the block holding the start, never the blocks before it.
            Assert.True(cursor.BlocksRead <= 2, $"from {from}: read {cursor.BlocksRead} blocks");
        }

        using JournalCursor past = reader.ReadFromSequence(5000);
        Assert.False(past.MoveNext());
    }

    [Fact]
    public void Seek_by_time_yields_exactly_the_events_in_the_window()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 40, segmentBytes: 16 * 1024), 4000, seed: 9);
        var all = ReadAll(_temp.Path);
        long from = JournalFormat.EventTime(in all[1500].Header);
        long to = JournalFormat.EventTime(in all[2500].Header);
        var expected = all.Where(e => JournalFormat.EventTime(in e.Header) >= from && JournalFormat.EventTime(in e.Header) < to).Select(e => e.Header.Sequence).ToList();

        var reader = JournalReader.Open(_temp.Path);
        using JournalCursor cursor = reader.Read(new JournalQuery { FromTimeNs = from, ToTimeNs = to });
        var actual = new List<long>();
        while (cursor.MoveNext())
        {
            actual.Add(cursor.Current.Header.Sequence);
        }

        Assert.Equal(expected, actual);
        Assert.True(cursor.BlocksRead < 4000 / 40 / 2, $"time seek read {cursor.BlocksRead} blocks");
    }

    [Fact]
    public void Instrument_filter_keeps_those_instruments_and_control_events()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path), 5000, seed: 13);
        var all = ReadAll(_temp.Path);
        InstrumentId a = TestEventGenerator.Instrument(2);
        InstrumentId b = TestEventGenerator.Instrument(7);
        var expected = all
            .Where(e => e.Header.Instrument == a || e.Header.Instrument == b || e.Header.Kind is EventKind.Control or EventKind.Clock)
            .Select(e => e.Header.Sequence)
            .ToList();

        var reader = JournalReader.Open(_temp.Path);
        using JournalCursor cursor = reader.Read(new JournalQuery { Instruments = new[] { a, b } });
        var actual = new List<long>();
        foreach (ref readonly MarketEvent e in cursor)
        {
            actual.Add(e.Header.Sequence);
        }

        Assert.Equal(expected, actual);
        Assert.Contains(all, e => e.Header.Kind == EventKind.Control);

        using JournalCursor strict = reader.Read(new JournalQuery { Instruments = new[] { a }, FilterControlEvents = true });
        while (strict.MoveNext())
        {
            Assert.Equal(a, strict.Current.Header.Instrument);
        }
    }

    [Fact]
    public void Reading_allocates_nothing_per_event()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 1024, segmentBytes: 1L << 30), 200_000, seed: 17, withSlabs: false);
        var reader = JournalReader.Open(_temp.Path);

        // The fewest bytes over several passes: a one-off allocation on this thread (tiering, a runtime helper) can
        // land in one pass, but an allocation per event or per block would show in every pass.
        long fewest = long.MaxValue;
        for (int pass = 0; pass < MeasuredPasses; pass++)
        {
            using JournalCursor cursor = reader.Read();
            Assert.True(cursor.MoveNext());
            long before = GC.GetAllocatedBytesForCurrentThread();
            long checksum = 0;
            while (cursor.MoveNext())
            {
                checksum += cursor.Current.Header.Sequence;
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(199_999L * 200_000 / 2, checksum);
        }

        Assert.True(fewest < 1024, $"reading 200k events allocated at least {fewest} bytes in each of {MeasuredPasses} passes");
    }

    [Fact]
    public void Writing_allocates_nothing_per_event()
    {
        var slabs = new DepthSlabPool(1);
        var generator = new TestEventGenerator(19, slabs: slabs);
        var events = new MarketEvent[4096];
        for (int i = 0; i < events.Length; i++)
        {
            generator.Next(i, ref events[i]);
            events[i].Depth.SlabIndex = events[i].Header.Kind == EventKind.Depth && events[i].Depth.SlabIndex >= 0 ? 0 : events[i].Depth.SlabIndex;
        }

        var options = JournalFixture.Options(_temp.Path, maxEventsPerBlock: 512, segmentBytes: 1L << 30);
        using var writer = JournalWriter.Open(options, slabs);

        // Warm up every path once (segment creation, index flushes) before measuring the steady state.
        for (int round = 0; round < 10; round++)
        {
            for (int i = 0; i < events.Length; i++)
            {
                writer.Append(in events[i], (round * events.Length) + i);
            }
        }

        // The fewest bytes over several passes of 10 rounds (40k events) each, for the reason given in the reading test.
        long fewest = long.MaxValue;
        for (int pass = 0; pass < MeasuredPasses; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int round = 10 + (pass * 10); round < 20 + (pass * 10); round++)
            {
                for (int i = 0; i < events.Length; i++)
                {
                    writer.Append(in events[i], (round * events.Length) + i);
                }
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(fewest < 1024, $"writing 40k events allocated at least {fewest} bytes in each of {MeasuredPasses} passes");
        Assert.True(writer.Statistics.BlocksWritten > 300);
    }

    private static MarketEvent[] ReadAll(string directory)
    {
        var list = new List<MarketEvent>();
        using JournalCursor cursor = JournalReader.Open(directory).Read();
        while (cursor.MoveNext())
        {
            list.Add(cursor.Current);
        }

        return list.ToArray();
    }

    internal static void AssertReadsBack(string directory, int count, int seed, long first = 0)
    {
        var slabs = new DepthSlabPool(1);
        var generator = new TestEventGenerator(seed, slabs: slabs);
        MarketEvent expected = default;
        long sequence = first;
        using JournalCursor cursor = JournalReader.Open(directory).Read();
        while (cursor.MoveNext())
        {
            generator.Next(sequence, ref expected);
            EventAssert.Same(in expected, slabs, cursor);
            sequence++;
        }

        Assert.Empty(cursor.Issues);
        Assert.Equal(first + count, sequence);
    }
}
