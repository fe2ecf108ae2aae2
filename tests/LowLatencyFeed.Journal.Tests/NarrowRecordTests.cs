using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Tests.Support;

namespace LowLatencyFeed.Journal.Tests;

/// <summary>
/// Record encoding 2 (narrow records): the byte layouts are computed by hand from the format in the journal README,
/// and every form decodes to the event that was encoded.
/// </summary>
public sealed class NarrowRecordTests
{
    private const byte TickNarrowBoth = (byte)EventKind.Tick | 0x80 | 0x40;

    [Fact]
    public void Tick_of_small_values_takes_the_short_header_and_four_bytes_a_word()
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Tick;
        e.Tick.LastPrice = 12345;
        e.Tick.LastQuantity = 10;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity;
        byte[] buffer = new byte[RecordCodec.MaxRecordBytes(0)];
        var times = default(RecordTimeBase);

        int length = RecordCodec.EncodeNarrow(in e, ref buffer[0], ref times, null);

        // 24-byte header + 2-byte present mask + 2-byte wide mask + LastPrice, LastQuantity and Fields at 4 bytes each.
        Assert.Equal(24 + 2 + 2 + (3 * 4), length);
        Assert.Equal(TickNarrowBoth, buffer[0]);
        Assert.Equal(0b100_0000_0000_0011, BitConverter.ToUInt16(buffer, 24));
        Assert.Equal(0, BitConverter.ToUInt16(buffer, 26));
        Assert.Equal(12345, BitConverter.ToInt32(buffer, 28));
        AssertDecodes(in e, buffer, length);
    }

    [Fact]
    public void Words_beyond_32_bits_are_stored_wide_and_negative_ones_narrow()
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Tick;
        e.Tick.LastPrice = -7;                                   // word 0: narrow, sign-extended back
        e.Tick.CumulativeVolume = int.MaxValue;                  // word 3: narrow
        e.Tick.TotalBuyQuantity = int.MaxValue + 1L;             // word 4: wide
        e.Tick.Open = int.MinValue;                              // word 6: narrow
        e.Tick.Low = int.MinValue - 1L;                          // word 8: wide
        e.Tick.LastTradeTimeNs = 1_735_689_600_123_456_789;      // word 11: wide
        byte[] buffer = new byte[RecordCodec.MaxRecordBytes(0)];
        var times = default(RecordTimeBase);

        int length = RecordCodec.EncodeNarrow(in e, ref buffer[0], ref times, null);

        Assert.Equal(24 + 4 + (3 * 4) + (3 * 8), length);
        Assert.Equal(0b1001_0101_1001, BitConverter.ToUInt16(buffer, 24));
        Assert.Equal(0b1001_0001_0000, BitConverter.ToUInt16(buffer, 26));
        AssertDecodes(in e, buffer, length);
    }

    [Fact]
    public void Time_deltas_beyond_32_bits_take_the_full_header_and_the_next_record_the_short_one()
    {
        MarketEvent first = default;
        first.Header.Kind = EventKind.Clock;
        first.Header.ExchangeTimeNs = 1_000_000_000_000;
        first.Header.ReceiveTimeNs = 1_000_000_000_500;
        MarketEvent second = first;
        second.Header.ExchangeTimeNs += 7;
        second.Header.ReceiveTimeNs -= 9;
        byte[] buffer = new byte[1024];
        var times = default(RecordTimeBase);

        int a = RecordCodec.EncodeNarrow(in first, ref buffer[0], ref times, null);
        int b = RecordCodec.EncodeNarrow(in second, ref buffer[a], ref times, null);

        Assert.Equal((byte)EventKind.Clock | 0x40, buffer[0]);
        Assert.Equal(1_000_000_000_000, BitConverter.ToInt64(buffer, 16));
        Assert.Equal((byte)EventKind.Clock | 0xC0, buffer[a]);
        Assert.Equal(7, BitConverter.ToInt32(buffer, a + 16));
        Assert.Equal(-9, BitConverter.ToInt32(buffer, a + 20));

        var readTimes = default(RecordTimeBase);
        int position = 0;
        MarketEvent decoded = default;
        Assert.Equal(RecordStatus.Ok, RecordCodec.TryDecode(buffer.AsSpan(0, a + b), ref position, ref decoded, ref readTimes, out _));
        EventAssert.AssertBytes(in first, in decoded);
        Assert.Equal(RecordStatus.Ok, RecordCodec.TryDecode(buffer.AsSpan(0, a + b), ref position, ref decoded, ref readTimes, out _));
        EventAssert.AssertBytes(in second, in decoded);
        Assert.Equal(a + b, position);
    }

    [Theory]
    [InlineData(0L, 0, 10)]
    [InlineData(int.MaxValue + 1L, 0, 20)] // a quantity beyond 32 bits
    [InlineData(0L, 65_536, 20)]           // orders beyond 16 bits
    public void Inline_depth_levels_are_narrow_only_when_every_level_fits(long extraQuantity, int extraOrders, int levelBytes)
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Depth;
        ref DepthPayload d = ref e.Depth;
        d.SlabIndex = -1;
        d.BidCount = 2;
        d.AskCount = 2;
        d.Levels[0] = new DepthLevel(100_000, 500, 3);
        d.Levels[1] = new DepthLevel(99_995, 700 + extraQuantity, 4);
        d.Levels[2] = new DepthLevel(100_005, 300, 1 + extraOrders);
        d.Levels[3] = new DepthLevel(100_010, 900, 9);
        byte[] buffer = new byte[RecordCodec.MaxRecordBytes(0)];
        var times = default(RecordTimeBase);

        int length = RecordCodec.EncodeNarrow(in e, ref buffer[0], ref times, null);

        // Header, 8-byte depth prefix, level source byte, four levels.
        Assert.Equal(24 + 8 + 1 + (4 * levelBytes), length);
        Assert.Equal(levelBytes == 10 ? DepthLevelSource.InlineNarrow : DepthLevelSource.Inline, (DepthLevelSource)buffer[24 + 8]);
        if (levelBytes == 10)
        {
            // Second bid: price -5 from the first, quantity 700, orders 4.
            Assert.Equal(-5, BitConverter.ToInt32(buffer, 33 + 10));
            Assert.Equal(700, BitConverter.ToInt32(buffer, 33 + 14));
            Assert.Equal(4, BitConverter.ToUInt16(buffer, 33 + 18));
        }

        AssertDecodes(in e, buffer, length);
    }

    [Theory]
    [InlineData(0L, 10)]
    [InlineData(5_000_000_000L, 20)]
    public void Slab_depth_levels_are_narrow_only_when_every_level_fits(long extraPrice, int levelBytes)
    {
        var slabs = new DepthSlabPool(1);
        int slab = slabs.Claim();
        Span<DepthLevel> bids = slabs.WritableBids(slab);
        Span<DepthLevel> asks = slabs.WritableAsks(slab);
        for (int i = 0; i < 20; i++)
        {
            bids[i] = new DepthLevel(250_000 - (5 * i), 100 + i, 1 + i);
            asks[i] = new DepthLevel(250_005 + (5 * i) + (i == 19 ? extraPrice : 0), 200 + i, 0);
        }

        slabs.Metadata(slab) = new DepthSlabMetadata { FirstUpdateId = 11, LastUpdateId = 12 };
        MarketEvent e = default;
        e.Header.Kind = EventKind.Depth;
        e.Depth.SlabIndex = slab;
        e.Depth.BidCount = 20;
        e.Depth.AskCount = 20;
        byte[] buffer = new byte[RecordCodec.MaxRecordBytes(slabs.LevelsPerSide)];
        var times = default(RecordTimeBase);

        int length = RecordCodec.EncodeNarrow(in e, ref buffer[0], ref times, slabs);

        int metadataBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<DepthSlabMetadata>();
        Assert.Equal(24 + 8 + 1 + metadataBytes + (40 * levelBytes), length);
        Assert.Equal(levelBytes == 10 ? DepthLevelSource.SlabNarrow : DepthLevelSource.Slab, (DepthLevelSource)buffer[24 + 8]);

        int position = 0;
        MarketEvent decoded = default;
        var readTimes = default(RecordTimeBase);
        Assert.Equal(RecordStatus.Ok, RecordCodec.TryDecode(buffer.AsSpan(0, length), ref position, ref decoded, ref readTimes, out int slabData));
        Assert.Equal(length, position);
        var readBids = new DepthLevel[20];
        var readAsks = new DepthLevel[20];
        RecordCodec.ReadSlabLevels(buffer.AsSpan(0, length), slabData, readBids, readAsks);
        Assert.True(bids[..20].SequenceEqual(readBids));
        Assert.True(asks[..20].SequenceEqual(readAsks));
        Assert.Equal(11, RecordCodec.SlabMetadata(buffer, slabData).FirstUpdateId);
    }

    [Fact]
    public void Truncated_and_malformed_narrow_records_are_rejected()
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Quote;
        e.Quote.BidPrice = 5;
        e.Quote.AskPrice = 6_000_000_000;
        byte[] buffer = new byte[512];
        var times = default(RecordTimeBase);
        int length = RecordCodec.EncodeNarrow(in e, ref buffer[0], ref times, null);
        MarketEvent decoded = default;

        for (int cut = 0; cut < length; cut++)
        {
            int position = 0;
            var t = default(RecordTimeBase);
            Assert.Equal(RecordStatus.Truncated, RecordCodec.TryDecode(buffer.AsSpan(0, cut), ref position, ref decoded, ref t, out _));
            Assert.Equal(RecordStatus.Truncated, RecordCodec.TrySkip(buffer.AsSpan(0, cut), ref position, ref t));
            Assert.Equal(0, position);
        }

        buffer[25] |= 0b0010_0000; // marks as wide a word that is not present
        int p = 0;
        var t2 = default(RecordTimeBase);
        Assert.Equal(RecordStatus.Malformed, RecordCodec.TryDecode(buffer.AsSpan(0, 200), ref p, ref decoded, ref t2, out _));
        Assert.Equal(RecordStatus.Malformed, RecordCodec.TrySkip(buffer.AsSpan(0, 200), ref p, ref t2));
    }

    [Fact]
    public void Skipping_narrow_records_moves_and_keeps_time_exactly_as_decoding_them()
    {
        var slabs = new DepthSlabPool(1);
        var generator = new TestEventGenerator(9, slabs: slabs);
        byte[] block = new byte[2000 * RecordCodec.MaxRecordBytes(slabs.LevelsPerSide)];
        var writeTimes = default(RecordTimeBase);
        int length = 0;
        MarketEvent e = default;
        for (int i = 0; i < 2000; i++)
        {
            generator.Next(i, ref e);
            length += RecordCodec.EncodeNarrow(in e, ref block[length], ref writeTimes, slabs);
        }

        ReadOnlySpan<byte> records = block.AsSpan(0, length);
        int decodeAt = 0;
        int skipAt = 0;
        var decodeTimes = default(RecordTimeBase);
        var skipTimes = default(RecordTimeBase);
        MarketEvent decoded = default;
        for (int i = 0; i < 2000; i++)
        {
            Assert.Equal(RecordStatus.Ok, RecordCodec.TryDecode(records, ref decodeAt, ref decoded, ref decodeTimes, out _));
            Assert.Equal(RecordStatus.Ok, RecordCodec.TrySkip(records, ref skipAt, ref skipTimes));
            Assert.Equal(decodeAt, skipAt);
            Assert.Equal(decodeTimes, skipTimes);
        }

        Assert.Equal(length, decodeAt);
    }

    private static void AssertDecodes(ref readonly MarketEvent expected, byte[] buffer, int length)
    {
        int position = 0;
        MarketEvent decoded = default;
        var times = default(RecordTimeBase);
        Assert.Equal(RecordStatus.Ok, RecordCodec.TryDecode(buffer.AsSpan(0, length), ref position, ref decoded, ref times, out _));
        Assert.Equal(length, position);
        EventAssert.AssertBytes(in expected, in decoded);
    }
}
