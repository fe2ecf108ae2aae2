using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Support;

namespace LowLatencyFeed.Protocols.Tests.Fuzz;

/// <summary>
/// Property tests over seeded random and mutated frames for the Dhan, Dhan depth and Kotak SFeed parsers: decoding never
/// throws, never leaves a claimed slot unpublished, counts every message, produces only well-formed depth references,
/// and never reads past the end of the message (the same bytes followed by different trailing memory, or split across
/// segments, decode to identical events and error counts).
/// </summary>
public sealed class ProtocolFuzzTests
{
    private const int Iterations = 2500;
    private const long ReceiveTimeNs = 1_700_000_000_000_000_000;

    public static TheoryData<string> Parsers => ["dhan", "dhan-depth20", "dhan-depth200", "kotak"];

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Random_structured_frames_decode_safely(string parser)
    {
        var random = new Random(4242 + parser.Length);
        Variant[] variants = NewVariants();
        for (int i = 0; i < Iterations; i++)
        {
            Check(parser, RandomFrame(parser, random), random, i, variants);
        }
    }

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Mutated_valid_frames_decode_safely(string parser)
    {
        var random = new Random(777 + parser.Length);
        Variant[] variants = NewVariants();
        for (int i = 0; i < Iterations; i++)
        {
            byte[] frame = ValidFrame(parser, random);
            Check(parser, FrameMutator.Mutate(frame, random), random, i, variants);
        }
    }

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Pure_noise_decodes_safely(string parser)
    {
        var random = new Random(99 + parser.Length);
        Variant[] variants = NewVariants();
        for (int i = 0; i < Iterations; i++)
        {
            byte[] noise = new byte[random.Next(0, 400)];
            random.NextBytes(noise);
            Check(parser, noise, random, i, variants);
        }
    }

    [Fact]
    public void Mutated_kotak_control_frames_never_throw()
    {
        var random = new Random(1117);
        byte[] auth = Encoding.UTF8.GetBytes("{\"message_code\":1119,\"format\":\"native_batch\",\"exchanges\":{\"nse_cm\":{\"value\":1,\"divider\":100},\"cde_fo\":{\"value\":3,\"divider\":10000000}}}");
        var protocol = new KotakSFeedProtocol(new KotakSFeedOptions { PublishUnknownInstruments = true });
        var sink = new CollectingSink(1);
        for (int i = 0; i < Iterations; i++)
        {
            byte[] text = FrameMutator.Mutate(auth, random);
            protocol.Decode(text.AsSpan(), MessageKind.Text, ReceiveTimeNs, ref sink);
            Assert.Equal(0, sink.Count);
        }

        Assert.Equal(Iterations, protocol.Diagnostics.Messages);
        Assert.True(protocol.Diagnostics.ErrorCount(ParseErrorReason.BadJson) > 0);
    }

    private static void Check(string parser, byte[] message, Random random, int iteration, Variant[] variants)
    {
        Result zeros = DecodeWithTrailing(parser, message, 0x00, variants[0]);
        Result ones = DecodeWithTrailing(parser, message, 0xFF, variants[1]);
        Result split = Decode(parser, SegmentedSequence.Chunked(message, random.Next(1, Math.Max(2, message.Length + 1))), variants[2]);

        Assert.Equal(zeros.Errors, ones.Errors);
        Assert.Equal(zeros.Errors, split.Errors);
        if (!SameBytes(zeros.Events, ones.Events) || !SameBytes(zeros.Events, split.Events))
        {
            string context = $"{parser} #{iteration} [{Convert.ToHexString(message.AsSpan(0, Math.Min(64, message.Length)))}…]";
            EventAssert.SequenceEqual(zeros.Events, ones.Events, context + " trailing bytes");
            EventAssert.SequenceEqual(zeros.Events, split.Events, context + " segmented");
        }

        Assert.Equal(zeros.Levels, ones.Levels);
        Assert.Equal(zeros.Levels, split.Levels);
    }

    private static bool SameBytes(MarketEvent[] a, MarketEvent[] b) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(b.AsSpan()));

    private static Result DecodeWithTrailing(string parser, byte[] message, byte fill, Variant variant)
    {
        byte[] buffer = new byte[message.Length + 256];
        buffer.AsSpan().Fill(fill);
        message.CopyTo(buffer, 0);
        return Decode(parser, new ReadOnlySequence<byte>(buffer, 0, message.Length), variant);
    }

    private static Result Decode(string parser, ReadOnlySequence<byte> message, Variant variant)
    {
        DepthSlabPool pool = variant.Pool;
        IFeedProtocol protocol = Create(parser, pool);
        ref CollectingSink sink = ref variant.Sink;
        sink.Clear();
        int published = protocol.Decode(message, MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(published, sink.Count);
        Assert.False(sink.HasUnpublishedClaim);
        Assert.Equal(1, protocol.Diagnostics.Messages);
        Assert.Equal(published, protocol.Diagnostics.Events);

        var levels = new List<DepthLevel>();
        foreach (MarketEvent e in sink.Events)
        {
            Assert.InRange((int)e.Header.Kind, (int)EventKind.Tick, (int)EventKind.Control);
            if (e.Header.Kind != EventKind.Depth)
            {
                continue;
            }

            if (e.Depth.SlabIndex < 0)
            {
                Assert.Equal(-1, e.Depth.SlabIndex);
                Assert.InRange(e.Depth.BidCount + e.Depth.AskCount, 0, InlineDepthLevels.Capacity);
            }
            else
            {
                Assert.InRange(e.Depth.SlabIndex, 0, pool.SlabCount - 1);
                Assert.InRange((int)e.Depth.BidCount, 0, pool.LevelsPerSide);
                Assert.InRange((int)e.Depth.AskCount, 0, pool.LevelsPerSide);
            }

            levels.AddRange(pool.Bids(in e.Depth).ToArray());
            levels.AddRange(pool.Asks(in e.Depth).ToArray());
        }

        return new Result(sink.ToArray(), protocol.Diagnostics.TotalErrors, levels);
    }

    private static IFeedProtocol Create(string parser, DepthSlabPool pool) => parser switch
    {
        "dhan" => new DhanProtocol(new DhanFeedOptions { PublishUnknownInstruments = true }),
        "dhan-depth20" => new DhanDepthProtocol(SubscriptionMode.Depth20, pool, new DhanFeedOptions { PublishUnknownInstruments = true }),
        "dhan-depth200" => new DhanDepthProtocol(SubscriptionMode.Depth200, pool, new DhanFeedOptions { PublishUnknownInstruments = true }),
        _ => new KotakSFeedProtocol(new KotakSFeedOptions { PublishUnknownInstruments = true }, slabs: pool),
    };

    /// <summary>Packets with plausible headers (codes, lengths near the real ones) and random bodies.</summary>
    private static byte[] RandomFrame(string parser, Random random)
    {
        var frame = new List<byte>();
        int packets = random.Next(1, 6);
        for (int i = 0; i < packets; i++)
        {
            byte[] packet;
            if (parser == "dhan")
            {
                byte code = (byte)FrameMutator.Pick(random, [0, 1, 2, 3, 4, 5, 6, 7, 8, 50, random.Next(256)]);
                int length = FrameMutator.Pick(random, [8, 10, 12, 16, 50, 112, 162, random.Next(0, 200)]);
                packet = FrameMutator.RandomBytes(random, Math.Max(length, 8));
                packet[0] = code;
                BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(1), (ushort)length);
                packet[3] = (byte)random.Next(0, 9);
            }
            else if (parser.StartsWith("dhan-depth", StringComparison.Ordinal))
            {
                int rows = random.Next(0, 25);
                int length = random.Next(4) == 0 ? random.Next(0, 400) : 12 + (rows * 16);
                packet = FrameMutator.RandomBytes(random, Math.Max(length, 12));
                BinaryPrimitives.WriteUInt16LittleEndian(packet, (ushort)length);
                packet[2] = (byte)FrameMutator.Pick(random, [41, 51, 50, random.Next(256)]);
                BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(8), (uint)FrameMutator.Pick(random, [rows, rows + 1, random.Next()]));
                for (int r = 0; r < rows && 12 + (r * 16) + 8 <= packet.Length; r++)
                {
                    // Mostly finite prices, sometimes NaN/inf/huge: the bad-number path runs too.
                    double price = random.Next(10) switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => 1e300, 3 => 0, _ => random.Next(1, 1_000_000) / 100.0 };
                    BinaryPrimitives.WriteDoubleLittleEndian(packet.AsSpan(12 + (r * 16)), price);
                }
            }
            else
            {
                int rows = random.Next(0, 30);
                int length = FrameMutator.Pick(random, [9, 16, 54, 87, 144 + (rows * 16), random.Next(0, 1000)]);
                packet = FrameMutator.RandomBytes(random, Math.Max(length, 9));
                BinaryPrimitives.WriteUInt16LittleEndian(packet, (ushort)length);
                BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(2), (ushort)FrameMutator.Pick(random, [104, 105, 6511, 6521, 7207, 7208, random.Next(65536)]));
                packet[4] = (byte)random.Next(0, 12);
                packet[5] = (byte)FrameMutator.Pick(random, [1, 2, 4, 8, 16, random.Next(256)]);
                if (packet.Length >= 97)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(89), (uint)FrameMutator.Pick(random, [rows / 2, random.Next(0, 40), random.Next()]));
                    BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(93), (uint)FrameMutator.Pick(random, [rows - (rows / 2), random.Next(0, 40), random.Next()]));
                }
            }

            frame.AddRange(packet);
        }

        return [.. frame];
    }

    /// <summary>A well-formed frame built with the encoders.</summary>
    private static byte[] ValidFrame(string parser, Random random)
    {
        var tick = new MarketEvent();
        tick.Header.PriceDecimals = 2;
        tick.Tick.LastPrice = random.Next(100, 1_000_000);
        tick.Tick.Open = tick.Tick.LastPrice - 10;
        tick.Tick.High = tick.Tick.LastPrice + 10;
        tick.Tick.Low = tick.Tick.LastPrice - 20;
        tick.Tick.Close = tick.Tick.LastPrice - 5;
        tick.Tick.LastQuantity = random.Next(1, 1000);
        tick.Tick.LastTradeTimeNs = 1_719_984_600L * 1_000_000_000L;
        DepthLevel[] bids = [.. Enumerable.Range(1, random.Next(0, 21)).Select(i => new DepthLevel(tick.Tick.LastPrice - (i * 5), i * 10, i))];
        DepthLevel[] asks = [.. Enumerable.Range(1, random.Next(0, 21)).Select(i => new DepthLevel(tick.Tick.LastPrice + (i * 5), i * 10, i))];
        byte[] buffer = new byte[8192];
        int length = 0;
        switch (parser)
        {
            case "dhan":
                length += DhanEncoder.WriteTicker(buffer.AsSpan(length), DhanExchangeSegment.NseEq, 1333, in tick);
                length += DhanEncoder.WriteQuote(buffer.AsSpan(length), DhanExchangeSegment.NseEq, 1333, in tick);
                length += DhanEncoder.WriteFull(buffer.AsSpan(length), DhanExchangeSegment.NseFno, 42661, in tick, bids.AsSpan(0, Math.Min(5, bids.Length)), asks.AsSpan(0, Math.Min(5, asks.Length)));
                length += DhanEncoder.WriteDisconnect(buffer.AsSpan(length), 805);
                break;
            case "dhan-depth20":
                length += DhanDepthEncoder.WriteSide20(buffer.AsSpan(length), true, DhanExchangeSegment.NseEq, 1333, bids, 2);
                length += DhanDepthEncoder.WriteSide20(buffer.AsSpan(length), false, DhanExchangeSegment.NseEq, 1333, asks, 2);
                break;
            case "dhan-depth200":
                length += DhanDepthEncoder.WriteSide200(buffer.AsSpan(length), true, DhanExchangeSegment.NseEq, 1333, bids, 2);
                length += DhanDepthEncoder.WriteSide200(buffer.AsSpan(length), false, DhanExchangeSegment.NseEq, 1333, asks, 2);
                length += DhanDepthEncoder.WriteDisconnect(buffer.AsSpan(length), 807);
                break;
            default:
                length += KotakSFeedEncoder.WriteMarketPicture(buffer.AsSpan(length), KotakLevel.FullDepth, 2, 42149, in tick, bids, asks);
                length += KotakSFeedEncoder.WriteMarketPicture(buffer.AsSpan(length), KotakLevel.TouchLine, 1, 2885, in tick, bids.AsSpan(0, Math.Min(1, bids.Length)), asks.AsSpan(0, Math.Min(1, asks.Length)));
                length += KotakSFeedEncoder.WriteMiniTouchLine(buffer.AsSpan(length), 3, 1234, in tick);
                length += KotakSFeedEncoder.WriteIndex(buffer.AsSpan(length), 1, 26000, "Nifty 50", in tick);
                length += KotakSFeedEncoder.WriteMarketStatus(buffer.AsSpan(length), 1, 1, "OPEN");
                break;
        }

        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>One long-lived pool and sink per variant: the variants claim the same slabs in the same order.</summary>
    private static Variant[] NewVariants() => [.. Enumerable.Range(0, 3).Select(_ => new Variant(new DepthSlabPool(16, 200), new CollectingSink(256)))];

    private sealed record Result(MarketEvent[] Events, long Errors, List<DepthLevel> Levels);

    internal sealed class Variant(DepthSlabPool pool, CollectingSink sink)
    {
        public DepthSlabPool Pool { get; } = pool;

        public CollectingSink Sink = sink;
    }
}
