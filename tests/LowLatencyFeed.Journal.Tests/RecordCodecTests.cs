using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Tests.Support;

namespace LowLatencyFeed.Journal.Tests;

public sealed class RecordCodecTests
{
    [Fact]
    public void Tick_with_three_fields_encodes_to_header_mask_and_three_words()
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Tick;
        e.Tick.LastPrice = 12345;
        e.Tick.LastQuantity = 10;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity;
        byte[] buffer = new byte[RecordCodec.MaxRecordBytes(0)];
        var times = default(RecordTimeBase);

        int length = RecordCodec.Encode(in e, ref buffer[0], ref times, null);

        // 32-byte header + 2-byte mask + LastPrice, LastQuantity and the word holding Fields.
        Assert.Equal(32 + 2 + (3 * 8), length);
        Assert.Equal((byte)EventKind.Tick, buffer[0]);
        Assert.Equal(0b100_0000_0000_0011, BitConverter.ToUInt16(buffer, 32));
    }

    [Fact]
    public void Times_are_stored_as_deltas_from_the_previous_record()
    {
        MarketEvent first = default;
        first.Header.Kind = EventKind.Clock;
        first.Header.ExchangeTimeNs = 1_000_000_000_000;
        first.Header.ReceiveTimeNs = 1_000_000_000_500;
        MarketEvent second = first;
        second.Header.ExchangeTimeNs += 7;
        second.Header.ReceiveTimeNs += 9;
        byte[] buffer = new byte[1024];
        var times = default(RecordTimeBase);

        int a = RecordCodec.Encode(in first, ref buffer[0], ref times, null);
        RecordCodec.Encode(in second, ref buffer[a], ref times, null);

        Assert.Equal(1_000_000_000_000, BitConverter.ToInt64(buffer, 16));
        Assert.Equal(7, BitConverter.ToInt64(buffer, a + 16));
        Assert.Equal(9, BitConverter.ToInt64(buffer, a + 24));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_kind_round_trips_exactly(bool narrow)
    {
        var slabs = new DepthSlabPool(1);
        var generator = new TestEventGenerator(42, slabs: slabs);
        byte[] buffer = new byte[RecordCodec.MaxRecordBytes(slabs.LevelsPerSide)];
        var kinds = new HashSet<EventKind>();
        bool sawSlab = false;
        for (int i = 0; i < 5000; i++)
        {
            MarketEvent e = default;
            generator.Next(i, ref e);
            var writeTimes = default(RecordTimeBase);
            int length = narrow
                ? RecordCodec.EncodeNarrow(in e, ref buffer[0], ref writeTimes, slabs)
                : RecordCodec.Encode(in e, ref buffer[0], ref writeTimes, slabs);
            Assert.True(length > 0);

            var readTimes = default(RecordTimeBase);
            int position = 0;
            MarketEvent decoded = default;
            Assert.Equal(RecordStatus.Ok, RecordCodec.TryDecode(buffer.AsSpan(0, length), ref position, ref decoded, ref readTimes, out int slabData));
            Assert.Equal(length, position);
            decoded.Header.Sequence = i;
            kinds.Add(e.Header.Kind);
            if (e.Header.Kind == EventKind.Depth && e.Depth.SlabIndex >= 0)
            {
                sawSlab = true;
                Assert.Equal(RecordCodec.UnresolvedSlab, decoded.Depth.SlabIndex);
                var bids = new DepthLevel[e.Depth.BidCount];
                var asks = new DepthLevel[e.Depth.AskCount];
                RecordCodec.ReadSlabLevels(buffer, slabData, bids, asks);
                Assert.True(slabs.Bids(in e.Depth).SequenceEqual(bids));
                Assert.True(slabs.Asks(in e.Depth).SequenceEqual(asks));
                Assert.Equal(slabs.Metadata(e.Depth.SlabIndex), RecordCodec.SlabMetadata(buffer, slabData));
                decoded.Depth.SlabIndex = e.Depth.SlabIndex;
            }
            else
            {
                Assert.Equal(-1, slabData);
            }

            EventAssert.AssertBytes(in e, in decoded);
        }

        Assert.True(sawSlab);
        Assert.Equal(5, kinds.Count);
    }

    [Fact]
    public void Slab_event_without_a_pool_is_flagged_and_written_without_levels()
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Depth;
        e.Depth.SlabIndex = 3;
        e.Depth.BidCount = 20;
        byte[] buffer = new byte[RecordCodec.MaxRecordBytes(0)];
        var times = default(RecordTimeBase);

        int length = RecordCodec.Encode(in e, ref buffer[0], ref times, null);

        Assert.True(length < 0);
        int position = 0;
        MarketEvent decoded = default;
        var readTimes = default(RecordTimeBase);
        Assert.Equal(RecordStatus.Ok, RecordCodec.TryDecode(buffer.AsSpan(0, -length), ref position, ref decoded, ref readTimes, out _));
        Assert.Equal(0, decoded.Depth.BidCount);
    }

    [Fact]
    public void Truncated_and_malformed_records_are_rejected()
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Quote;
        e.Quote.BidPrice = 5;
        byte[] buffer = new byte[512];
        var times = default(RecordTimeBase);
        int length = RecordCodec.Encode(in e, ref buffer[0], ref times, null);
        MarketEvent decoded = default;

        for (int cut = 0; cut < length; cut++)
        {
            int position = 0;
            var t = default(RecordTimeBase);
            Assert.Equal(RecordStatus.Truncated, RecordCodec.TryDecode(buffer.AsSpan(0, cut), ref position, ref decoded, ref t, out _));
            Assert.Equal(0, position);
        }

        buffer[32] = 0xFF; // quote has 6 words: bits 6 and 7 of its mask must be clear
        int p = 0;
        var t2 = default(RecordTimeBase);
        Assert.Equal(RecordStatus.Malformed, RecordCodec.TryDecode(buffer.AsSpan(0, 200), ref p, ref decoded, ref t2, out _));
    }
}
