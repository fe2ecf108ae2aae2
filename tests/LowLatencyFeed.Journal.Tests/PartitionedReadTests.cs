using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;

namespace LowLatencyFeed.Journal.Tests;

/// <summary>
/// Partitioned reading (<see cref="JournalQuery.PartitionCount"/>, the base of <c>llfeed replay --parallel</c>): the
/// partitions together yield every instrument event exactly once, in order, each control and clock event in every
/// partition; records of other partitions are passed over with <see cref="RecordCodec.TrySkip"/>, which must agree
/// with <see cref="RecordCodec.TryDecode"/> on every record's length, time base and status.
/// </summary>
public sealed class PartitionedReadTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Partitions_together_yield_each_instrument_event_once_and_every_control_and_clock_event_in_each(int count)
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path), 6000, seed: 11);
        var all = new List<MarketEvent>();
        using (JournalCursor cursor = JournalReader.Open(_temp.Path).Read())
        {
            while (cursor.MoveNext())
            {
                all.Add(cursor.Current);
            }
        }

        var seenInstrumentEvents = new List<long>();
        for (int partition = 0; partition < count; partition++)
        {
            using JournalCursor cursor = JournalReader.Open(_temp.Path).Read(new JournalQuery { PartitionCount = count, PartitionIndex = partition });
            int expectedIndex = 0;
            while (cursor.MoveNext())
            {
                ref readonly MarketEvent e = ref cursor.Current;
                bool shared = e.Header.Kind is EventKind.Control or EventKind.Clock;
                Assert.True(shared || JournalQuery.PartitionOf(e.Header.Instrument.Value, count) == partition);

                // Same event as the unpartitioned read at that sequence (decoded identically, times included).
                while (all[expectedIndex].Header.Sequence != e.Header.Sequence)
                {
                    MarketEvent skipped = all[expectedIndex];
                    Assert.False(
                        skipped.Header.Kind is EventKind.Control or EventKind.Clock || JournalQuery.PartitionOf(skipped.Header.Instrument.Value, count) == partition,
                        $"sequence {skipped.Header.Sequence} belongs to partition {partition} but was not yielded");
                    expectedIndex++;
                }

                MarketEvent expected = all[expectedIndex++];
                if (e.Header.Kind != EventKind.Depth || e.Depth.SlabIndex < 0)
                {
                    EventAssert.AssertBytes(in expected, in e);
                }
                else
                {
                    Assert.Equal(expected.Header, e.Header);
                }

                if (!shared)
                {
                    seenInstrumentEvents.Add(e.Header.Sequence);
                }
            }
        }

        long[] expectedInstrumentEvents = [.. all.Where(e => e.Header.Kind is not (EventKind.Control or EventKind.Clock)).Select(e => e.Header.Sequence)];
        seenInstrumentEvents.Sort();
        Assert.Equal(expectedInstrumentEvents, seenInstrumentEvents);
    }

    [Fact]
    public void Skip_agrees_with_decode_on_length_times_and_status_for_every_record_and_cut()
    {
        var slabs = new DepthSlabPool(1);
        var generator = new TestEventGenerator(9, slabs: slabs);
        byte[] buffer = new byte[RecordCodec.MaxRecordBytes(slabs.LevelsPerSide) * 2];
        for (int i = 0; i < 3000; i++)
        {
            MarketEvent e = default;
            generator.Next(i, ref e);
            var writeTimes = new RecordTimeBase { ExchangeTimeNs = 5, ReceiveTimeNs = 7 };
            int length = Math.Abs(RecordCodec.Encode(in e, ref buffer[0], ref writeTimes, slabs));
            foreach (int cut in new[] { length, length - 1, RecordCodec.HeaderBytes + 1, RecordCodec.HeaderBytes })
            {
                var decodeTimes = new RecordTimeBase { ExchangeTimeNs = 5, ReceiveTimeNs = 7 };
                var skipTimes = decodeTimes;
                int decodePosition = 0;
                int skipPosition = 0;
                MarketEvent decoded = default;
                RecordStatus decodeStatus = RecordCodec.TryDecode(buffer.AsSpan(0, cut), ref decodePosition, ref decoded, ref decodeTimes, out _);
                RecordStatus skipStatus = RecordCodec.TrySkip(buffer.AsSpan(0, cut), ref skipPosition, ref skipTimes);
                Assert.Equal(decodeStatus, skipStatus);
                Assert.Equal(decodePosition, skipPosition);
                if (decodeStatus == RecordStatus.Ok)
                {
                    Assert.Equal(length, skipPosition);
                    Assert.Equal(decodeTimes, skipTimes);
                }
            }
        }
    }

    [Fact]
    public void Partition_index_outside_the_count_is_refused()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path), 10, seed: 1);
        JournalReader reader = JournalReader.Open(_temp.Path);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Read(new JournalQuery { PartitionCount = 2, PartitionIndex = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Read(new JournalQuery { PartitionCount = 0 }));
    }
}
