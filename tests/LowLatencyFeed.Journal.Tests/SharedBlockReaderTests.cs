using System.Numerics;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;

namespace LowLatencyFeed.Journal.Tests;

/// <summary>
/// <see cref="SharedBlockReader"/> (<c>llfeed replay --parallel</c>): one thread reads and decompresses each block once
/// for N partition cursors, each consumed on its own thread. Every cursor must yield exactly what a cursor of its own
/// with the same partition yields — the same events, depth levels, block counts and problems in the same order — over
/// journals of hundreds of blocks (the hand-off ring of <see cref="SharedBlockReader.BlocksInFlight"/> blocks wraps many
/// times), and a cursor that stops early, or a reader disposed mid-read, must not leave anything waiting.
/// </summary>
public sealed class SharedBlockReaderTests : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Each_shared_cursor_yields_what_a_cursor_of_its_own_partition_yields(int count)
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, segmentBytes: 96 * 1024), 12_000, seed: 21);
        Assert.True(Directory.GetFiles(_temp.Path, "*.seg").Length >= 3, "several segments");
        PartitionRead[] expected = ReadOwn(count);
        Assert.True(expected[0].Blocks > 20 * SharedBlockReader.BlocksInFlight, $"{expected[0].Blocks} blocks");
        Assert.Equal(12_000, expected.Sum(p => p.InstrumentEvents) + expected[0].SharedEvents);

        PartitionRead[] shared = ReadShared(count, stopAfter: null);
        for (int i = 0; i < count; i++)
        {
            AssertSame(expected[i], shared[i]);
        }
    }

    [Fact]
    public void A_damaged_journal_gives_every_shared_cursor_the_problems_of_its_own_cursor_in_the_same_order()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, segmentBytes: 64 * 1024), 12_000, seed: 22);
        string[] segments = Directory.GetFiles(_temp.Path, "*.seg").OrderBy(p => p, StringComparer.Ordinal).ToArray();
        Assert.True(segments.Length >= 5, $"{segments.Length} segments");

        // A flipped payload byte in the first segment, a missing segment, a damaged index and a torn tail.
        FlipByte(segments[0], new FileInfo(segments[0]).Length / 2);
        File.Delete(segments[2]);
        FlipByte(Path.ChangeExtension(segments[3], ".idx"), 64 + 100);
        using (var last = new FileStream(segments[^1], FileMode.Open, FileAccess.ReadWrite))
        {
            last.SetLength(last.Length - 10);
        }

        PartitionRead[] expected = ReadOwn(3);
        Assert.True(expected[0].Issues.Count >= 4, string.Join(Environment.NewLine, expected[0].Issues));
        Assert.Contains(expected[0].Issues, issue => issue.Kind == JournalIssueKind.MissingSegment);
        Assert.Contains(expected[0].Issues, issue => issue.Kind == JournalIssueKind.TornTail);

        PartitionRead[] shared = ReadShared(3, stopAfter: null);
        for (int i = 0; i < 3; i++)
        {
            AssertSame(expected[i], shared[i]);
        }
    }

    [Fact]
    public void A_cursor_disposed_early_does_not_hold_the_other_partitions_back()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path), 12_000, seed: 23);
        PartitionRead[] expected = ReadOwn(3);

        // Partition 0 stops after 10 events, long before the reader is a ring of blocks ahead of it.
        PartitionRead[] shared = ReadShared(3, stopAfter: 10);
        Assert.Equal(10, shared[0].InstrumentEvents + shared[0].SharedEvents);
        AssertSame(expected[1], shared[1]);
        AssertSame(expected[2], shared[2]);
    }

    [Fact]
    public void Disposing_the_reader_mid_read_stops_its_thread_and_ends_the_cursors()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path), 12_000, seed: 24);
        SharedBlockReader reader = JournalReader.Open(_temp.Path).ReadPartitioned(null, 2);
        JournalCursor cursor = reader.Cursor(0);
        Assert.True(cursor.MoveNext());

        // The reading thread is a ring ahead of partition 1, which never reads: Dispose must still return.
        var dispose = new Thread(reader.Dispose);
        dispose.Start();
        Assert.True(dispose.Join(s_deadline), "Dispose did not return");
        Assert.False(cursor.MoveNext());
        Assert.False(reader.Cursor(1).MoveNext());
    }

    [Fact]
    public void The_block_ring_is_a_power_of_two_so_the_slot_mask_reaches_every_slot()
    {
        // Slots are picked by sequence & (BlocksInFlight - 1): any other size would reuse a slot still being read.
        Assert.True(BitOperations.IsPow2(SharedBlockReader.BlocksInFlight), $"{SharedBlockReader.BlocksInFlight} blocks in flight");
    }

    [Fact]
    public void Partition_count_and_slab_pools_are_checked()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path), 10, seed: 1);
        JournalReader reader = JournalReader.Open(_temp.Path);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadPartitioned(null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadPartitioned(null, 2, [new DepthSlabPool(1)]));
    }

    private PartitionRead[] ReadOwn(int count)
    {
        var reads = new PartitionRead[count];
        for (int i = 0; i < count; i++)
        {
            using JournalCursor cursor = JournalReader.Open(_temp.Path).Read(new JournalQuery { PartitionCount = count, PartitionIndex = i });
            reads[i] = PartitionRead.Drain(cursor, stopAfter: null);
        }

        return reads;
    }

    /// <summary>Every partition on its own thread, as the parallel replay consumes them, each with its own slab pool.</summary>
    private PartitionRead[] ReadShared(int count, int? stopAfter)
    {
        var slabs = new DepthSlabPool[count];
        for (int i = 0; i < count; i++)
        {
            slabs[i] = new DepthSlabPool(1);
        }

        var reads = new PartitionRead[count];
        using SharedBlockReader reader = JournalReader.Open(_temp.Path).ReadPartitioned(null, count, slabs);
        Assert.Equal(count, reader.PartitionCount);
        var threads = new Thread[count];
        var failures = new Exception?[count];
        for (int i = 0; i < count; i++)
        {
            int partition = i;
            threads[i] = new Thread(() =>
            {
                JournalCursor cursor = reader.Cursor(partition);
                try
                {
                    reads[partition] = PartitionRead.Drain(cursor, partition == 0 ? stopAfter : null);
                    Assert.Same(slabs[partition], cursor.DepthSlabs);
                }
                catch (Exception exception)
                {
                    failures[partition] = exception;
                }
                finally
                {
                    cursor.Dispose();
                }
            });
            threads[i].Start();
        }

        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(s_deadline), "a partition did not finish");
        }

        foreach (Exception? failure in failures)
        {
            Assert.Null(failure);
        }

        return reads;
    }

    private static void AssertSame(PartitionRead expected, PartitionRead actual)
    {
        Assert.Equal(expected.Issues, actual.Issues);
        Assert.Equal(expected.IssueCount, actual.IssueCount);
        Assert.Equal(expected.Blocks, actual.Blocks);
        Assert.Equal(expected.InstrumentEvents, actual.InstrumentEvents);
        Assert.Equal(expected.SharedEvents, actual.SharedEvents);
        Assert.Equal(expected.Events.Count, actual.Events.Count);
        for (int i = 0; i < expected.Events.Count; i++)
        {
            MarketEvent e = expected.Events[i];
            MarketEvent a = actual.Events[i];
            if (e.Header.Kind == EventKind.Depth && e.Depth.SlabIndex >= 0)
            {
                // Slab indexes are the pools' business; the levels are what must agree.
                Assert.Equal(e.Header, a.Header);
                Assert.True(a.Depth.SlabIndex >= 0);
            }
            else
            {
                EventAssert.AssertBytes(in e, in a);
            }
        }

        Assert.Equal(expected.Levels, actual.Levels);
    }

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        int value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x5A));
    }

    /// <summary>What one cursor yielded: the events, every depth event's levels, its block count and problems.</summary>
    private sealed record PartitionRead(List<MarketEvent> Events, List<DepthLevel> Levels, long Blocks, long InstrumentEvents, long SharedEvents, List<JournalIssue> Issues, long IssueCount)
    {
        public static PartitionRead Drain(JournalCursor cursor, int? stopAfter)
        {
            var events = new List<MarketEvent>();
            var levels = new List<DepthLevel>();
            long instrumentEvents = 0;
            long sharedEvents = 0;
            while ((stopAfter is null || events.Count < stopAfter) && cursor.MoveNext())
            {
                ref readonly MarketEvent e = ref cursor.Current;
                events.Add(e);
                levels.AddRange(cursor.CurrentBids);
                levels.AddRange(cursor.CurrentAsks);
                if (e.Header.Kind is EventKind.Control or EventKind.Clock)
                {
                    sharedEvents++;
                }
                else
                {
                    instrumentEvents++;
                }
            }

            return new PartitionRead(events, levels, cursor.BlocksRead, instrumentEvents, sharedEvents, [.. cursor.Issues], cursor.IssueCount);
        }
    }
}
