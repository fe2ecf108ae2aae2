using System.Buffers.Binary;
using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Bus.Publishing;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Bus.Tests;

/// <summary>The message format: published layout, round trips, and damaged or foreign messages.</summary>
public sealed class FormatTests
{
    [Fact]
    public void A_batch_splits_by_feed_and_kind_and_each_message_has_the_documented_header()
    {
        var batch = new BusBatch(64 * 1024, 100);
        var tick = Tick(FeedKind.Kite, 408065, 150_025, trade: false);
        var trade = Tick(FeedKind.Kite, 408065, 150_030, trade: true);
        var clock = new MarketEvent();
        clock.Header.Kind = EventKind.Clock;
        clock.Header.ExchangeTimeNs = 1_700_000_000_000_000_000;
        batch.Append(in tick, 10, null);
        batch.Append(in clock, 11, null);
        batch.Append(in tick, 12, null);
        batch.Append(in trade, 13, null);

        Assert.Equal(3, batch.PartCount);
        Assert.Equal(10, batch.First);
        Assert.Equal(13, batch.Last);
        Assert.Equal("llfeed.feed-a.kite.tick", BusSubjects.Subject("feed-a", batch.PartitionKey(0)));
        Assert.Equal("llfeed.feed-a.engine.clock", BusSubjects.Subject("feed-a", batch.PartitionKey(1)));
        Assert.Equal("llfeed.feed-a.kite.trade", BusSubjects.Subject("feed-a", batch.PartitionKey(2)));
        Assert.Equal("feed-a:12", BusSubjects.MessageId("feed-a", 12));

        var message = new byte[batch.MessageBytes(0)];
        int length = batch.BuildMessage(0, message);
        Assert.Equal(message.Length, length);

        // Layout, little-endian: "LLFB", version 1, header 48 bytes, batch 10..13, first sequence 10, 2 events, part 0 of 3, Kite (1), tick (0).
        Assert.Equal("LLFB"u8.ToArray(), message[..4]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(4)));
        Assert.Equal(48, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(6)));
        Assert.Equal(10, BinaryPrimitives.ReadInt64LittleEndian(message.AsSpan(8)));
        Assert.Equal(13, BinaryPrimitives.ReadInt64LittleEndian(message.AsSpan(16)));
        Assert.Equal(10, BinaryPrimitives.ReadInt64LittleEndian(message.AsSpan(24)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(32)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(36)));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(38)));
        Assert.Equal(1, message[40]);
        Assert.Equal(0, message[41]);

        // Body: delta 0, record, delta 2 (sequence 12), record.
        Assert.Equal(0, message[48]);
        var reader = new BusMessageReader();
        Assert.Equal(BusReadStatus.Ok, reader.Open(message));
        var decoded = default(MarketEvent);
        Assert.True(reader.MoveNext(ref decoded, out int slab));
        Assert.Equal(-1, slab);
        Assert.Equal(10, decoded.Header.Sequence);
        Assert.Equal(150_025, decoded.Tick.LastPrice);
        Assert.True(reader.MoveNext(ref decoded, out _));
        Assert.Equal(12, decoded.Header.Sequence);
        Assert.Equal(tick.Header.ExchangeTimeNs, decoded.Header.ExchangeTimeNs);
        Assert.False(reader.HasNext);
    }

    [Fact]
    public void Slab_depth_travels_with_all_its_levels_and_metadata()
    {
        var pool = new DepthSlabPool(4, levelsPerSide: 200);
        int slab = pool.Claim();
        var e = new MarketEvent();
        e.Header.Kind = EventKind.Depth;
        e.Header.Feed = FeedKind.Dhan;
        e.Header.Instrument = InstrumentId.From(FeedKind.Dhan, 1333);
        e.Header.ExchangeTimeNs = 1_700_000_000_123_456_789;
        e.Depth.BidCount = 200;
        e.Depth.AskCount = 150;
        e.Depth.SlabIndex = slab;
        for (int i = 0; i < 200; i++)
        {
            pool.WritableBids(slab)[i] = new DepthLevel(100_000 - (i * 5), 10 + i, i + 1);
        }

        for (int i = 0; i < 150; i++)
        {
            pool.WritableAsks(slab)[i] = new DepthLevel(100_005 + (i * 5), 20 + i, i + 2);
        }

        pool.Metadata(slab).LastUpdateId = 77;
        pool.Commit(slab, 0);

        var batch = new BusBatch(256 * 1024, 16);
        batch.Append(in e, 5, pool);
        var message = new byte[batch.MessageBytes(0)];
        batch.BuildMessage(0, message);

        var reader = new BusMessageReader();
        Assert.Equal(BusReadStatus.Ok, reader.Open(message));
        var decoded = default(MarketEvent);
        Assert.True(reader.MoveNext(ref decoded, out int data));
        Assert.True(data >= 0);
        var target = new DepthSlabPool(1, levelsPerSide: 200);
        int into = target.Claim();
        reader.CopySlabLevels(data, in decoded.Depth, target, into);
        Assert.Equal(200, decoded.Depth.BidCount);
        Assert.Equal(new DepthLevel(100_000 - (199 * 5), 209, 200), target.Bids(into, 200)[199]);
        Assert.Equal(new DepthLevel(100_005 + (149 * 5), 169, 151), target.Asks(into, 150)[149]);
        Assert.Equal(77, target.Metadata(into).LastUpdateId);
    }

    [Fact]
    public void Damaged_foreign_and_newer_messages_are_told_apart()
    {
        var batch = new BusBatch(4096, 16);
        var tick = Tick(FeedKind.Kite, 1, 100, trade: false);
        batch.Append(in tick, 1, null);
        var message = new byte[batch.MessageBytes(0)];
        batch.BuildMessage(0, message);
        var reader = new BusMessageReader();

        var flipped = (byte[])message.Clone();
        flipped[^1] ^= 0x40;
        Assert.Equal(BusReadStatus.BadChecksum, reader.Open(flipped));

        var newer = (byte[])message.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(newer.AsSpan(4), 2);
        Assert.Equal(BusReadStatus.UnknownVersion, reader.Open(newer));
        Assert.Equal(2, reader.Header.Version);

        Assert.Equal(BusReadStatus.Malformed, reader.Open("{\"hello\":1}"u8.ToArray()));
        Assert.Equal(BusReadStatus.Malformed, reader.Open(message.AsMemory(0, 20)));

        var truncated = message.AsMemory(0, message.Length - 3).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(truncated.AsSpan(44), LowLatencyFeed.Journal.Format.Crc32C.Compute(truncated.AsSpan(48)));
        Assert.Equal(BusReadStatus.Ok, reader.Open(truncated));
        var e = default(MarketEvent);
        Assert.False(reader.MoveNext(ref e, out _));
    }

    [Fact]
    public void Hash_shards_cover_every_instrument_once()
    {
        var seen = new int[3];
        for (long token = 1; token <= 3000; token++)
        {
            var e = Tick(FeedKind.Kite, token, 1, trade: false);
            int keepers = 0;
            for (int shard = 0; shard < 3; shard++)
            {
                if (new LowLatencyFeed.Bus.Consuming.InstrumentFilter(null, 3, shard).Keeps(in e))
                {
                    keepers++;
                    seen[shard]++;
                }
            }

            Assert.Equal(1, keepers);
        }

        Assert.All(seen, count => Assert.InRange(count, 800, 1200));
        var clock = new MarketEvent();
        clock.Header.Kind = EventKind.Clock;
        Assert.True(new LowLatencyFeed.Bus.Consuming.InstrumentFilter([InstrumentId.From(FeedKind.Kite, 5)], 2, 1).Keeps(in clock));
    }

    private static MarketEvent Tick(FeedKind feed, long token, long price, bool trade)
    {
        var e = new MarketEvent();
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = feed;
        e.Header.PriceDecimals = 2;
        e.Header.SessionId = 1;
        e.Header.Instrument = InstrumentId.From(feed, token);
        e.Header.ExchangeTimeNs = 1_700_000_000_000_000_000 + price;
        e.Header.ReceiveTimeNs = 1_700_000_000_000_500_000;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = 3;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | (trade ? TickFields.IsTrade : 0);
        return e;
    }
}
