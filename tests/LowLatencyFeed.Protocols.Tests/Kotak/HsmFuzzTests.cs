using System.Buffers;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Fuzz;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.HsmTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>
/// Property tests over seeded random, mutated and noise frames for the HSM parser: decoding never throws, never leaves a
/// claimed slot unpublished, counts every message and its events, publishes only well-formed events, and never reads
/// past the message (the same bytes followed by different memory, or split across segments, decode to identical events
/// and error counts). Half the runs decode with ACKs on (frames carry message numbers).
/// </summary>
public sealed class HsmFuzzTests
{
    private const int Iterations = 2500;

    private static readonly string[] s_names = ["sf|nse_cm|2885", "dp|nse_fo|42149", "if|nse_cm|Nifty 50", "sf|cde_fo|1234", "sf|nse_cm|7777", "xx|nse_cm|1", "sf", ""];

    [Fact]
    public void Random_structured_frames_decode_safely()
    {
        var random = new Random(4201);
        for (int i = 0; i < Iterations; i++)
        {
            Check(RandomFrame(random), random, i);
        }
    }

    [Fact]
    public void Mutated_valid_frames_decode_safely()
    {
        var random = new Random(4202);
        for (int i = 0; i < Iterations; i++)
        {
            Check(FrameMutator.Mutate(ValidFrame(random, withNumber: i % 2 == 0), random), random, i);
        }
    }

    [Fact]
    public void Pure_noise_decodes_safely()
    {
        var random = new Random(4203);
        for (int i = 0; i < Iterations; i++)
        {
            byte[] noise = new byte[random.Next(0, 300)];
            random.NextBytes(noise);
            if (noise.Length > 2 && random.Next(2) == 0)
            {
                noise[2] = (byte)random.Next(0, 12); // mostly known types
            }

            Check(noise, random, i);
        }
    }

    [Fact]
    public void Repeated_malformed_records_are_counted_without_allocating_after_the_first()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(64);
        byte[] frame = Data(null, Update(999, 1, 2), Snap(5, "sf|nse_cm|7777", [1]), [0x00, 0x02, (byte)'Z', 0], NiftySnap());
        protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        long allocated = FewestBytesAllocated(() =>
        {
            sink.Clear();
            protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(1, sink.Count);
        Assert.True(protocol.Diagnostics.ErrorCount(ParseErrorReason.Sequencing) > 3);
        Assert.True(protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownInstrument) > 3);
        Assert.True(protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode) > 3);
    }

    private static void Check(byte[] message, Random random, int iteration)
    {
        bool acks = random.Next(2) == 0;
        Result zeros = DecodeWithTrailing(message, 0x00, acks);
        Result ones = DecodeWithTrailing(message, 0xFF, acks);
        Result split = Decode(SegmentedSequence.Chunked(message, random.Next(1, Math.Max(2, message.Length + 1))), acks);

        Assert.Equal(zeros.Errors, ones.Errors);
        Assert.Equal(zeros.Errors, split.Errors);
        if (!SameBytes(zeros.Events, ones.Events) || !SameBytes(zeros.Events, split.Events))
        {
            string context = $"#{iteration} acks={acks} [{Convert.ToHexString(message.AsSpan(0, Math.Min(64, message.Length)))}…]";
            EventAssert.SequenceEqual(zeros.Events, ones.Events, context + " trailing bytes");
            EventAssert.SequenceEqual(zeros.Events, split.Events, context + " segmented");
        }
    }

    private static Result DecodeWithTrailing(byte[] message, byte fill, bool acks)
    {
        byte[] buffer = new byte[message.Length + 256];
        buffer.AsSpan().Fill(fill);
        message.CopyTo(buffer, 0);
        return Decode(new ReadOnlySequence<byte>(buffer, 0, message.Length), acks);
    }

    private static Result Decode(ReadOnlySequence<byte> message, bool acks)
    {
        // A known SNAP first, so mutated UPDATEs can land on a cached topic.
        KotakHsmProtocol protocol = NewProtocol(publishUnknown: true);
        var sink = new CollectingSink(512);
        if (acks)
        {
            protocol.Decode(ConnectResponse('K', 2).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        }

        protocol.Decode(Data(acks ? 1 : null, RelianceSnap(), DepthSnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        long errorsBefore = protocol.Diagnostics.TotalErrors;
        long eventsBefore = protocol.Diagnostics.Events;
        sink.Clear();

        int published = protocol.Decode(message, MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(published, sink.Count);
        Assert.False(sink.HasUnpublishedClaim);
        Assert.Equal(acks ? 3 : 2, protocol.Diagnostics.Messages);
        Assert.Equal(published, protocol.Diagnostics.Events - eventsBefore);
        foreach (MarketEvent e in sink.Events)
        {
            Assert.InRange((int)e.Header.Kind, (int)EventKind.Tick, (int)EventKind.Control);
            Assert.Equal(FeedKind.Kotak, e.Header.Feed);
            Assert.InRange((int)e.Header.PriceDecimals, 0, FixedPoint.MaxDecimals);
            if (e.Header.Kind == EventKind.Depth)
            {
                Assert.Equal(-1, e.Depth.SlabIndex);
                Assert.InRange(e.Depth.BidCount, 0, 5);
                Assert.InRange(e.Depth.AskCount, 0, 5);
            }
        }

        protocol.TryTakeReply(out _);
        return new Result(sink.ToArray(), protocol.Diagnostics.TotalErrors - errorsBefore);
    }

    /// <summary>Frames with plausible headers: mostly data frames of SNAP/UPDATE records near the real sizes, some control responses.</summary>
    private static byte[] RandomFrame(Random random)
    {
        int type = FrameMutator.Pick(random, [6, 6, 6, 6, 1, 4, 5, 9, random.Next(256)]);
        var body = new List<byte> { (byte)type };
        if (type != 6)
        {
            body.Add((byte)random.Next(0, 3));
            body.Add((byte)random.Next(1, 3));
            body.AddRange(U16(FrameMutator.Pick(random, [1, 1, 2, random.Next(0, 100)])));
            body.Add((byte)FrameMutator.Pick(random, ['K', 'N', random.Next(256)]));
            if (random.Next(2) == 0)
            {
                body.AddRange([2, 0, 4, .. I32(random.Next(-2, 5))]);
            }

            return [.. U16(body.Count), .. body];
        }

        if (random.Next(2) == 0)
        {
            body.AddRange(I32(random.Next()));
        }

        int records = random.Next(0, 6);
        body.AddRange(U16(FrameMutator.Pick(random, [records, records, records + 1, random.Next(0, 65536)])));
        for (int r = 0; r < records; r++)
        {
            int topic = FrameMutator.Pick(random, [RelianceTopic, FutureDepthTopic, NiftyTopic, random.Next()]);
            int count = FrameMutator.Pick(random, [25, 10, 34, 28, 29, 35, random.Next(0, 256)]);
            int[] values = [.. Enumerable.Range(0, count).Select(_ => FrameMutator.Pick(random, [No, No, random.Next(-5, 5), random.Next()]))];
            byte[] record = random.Next(3) switch
            {
                0 => Snap(topic, s_names[random.Next(s_names.Length)], values, (52, "1"), (54, "X")),
                1 => Update(topic, values),
                _ => [.. U16(random.Next(0, 40)), (byte)random.Next(256), .. FrameMutator.RandomBytes(random, random.Next(0, 40))],
            };
            body.AddRange(record);
        }

        return [.. U16(body.Count), .. body];
    }

    /// <summary>A well-formed data frame from the encoder: SNAPs of every kind, then UPDATEs of them.</summary>
    private static byte[] ValidFrame(Random random, bool withNumber)
    {
        var tick = new MarketEvent();
        tick.Header.PriceDecimals = 2;
        tick.Header.ExchangeTimeNs = TradeSeconds * 1_000_000_000L;
        tick.Tick.LastPrice = random.Next(100, 1_000_000);
        tick.Tick.Open = tick.Tick.LastPrice - 10;
        tick.Tick.High = tick.Tick.LastPrice + 10;
        tick.Tick.Low = tick.Tick.LastPrice - 20;
        tick.Tick.Close = tick.Tick.LastPrice - 5;
        tick.Tick.LastQuantity = random.Next(1, 1000);
        tick.Tick.LastTradeTimeNs = TradeSeconds * 1_000_000_000L;
        tick.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.DayOhl | TickFields.Close | TickFields.LastTradeTime;
        var quote = new QuotePayload { BidPrice = tick.Tick.LastPrice - 5, BidQuantity = 10, AskPrice = tick.Tick.LastPrice + 5, AskQuantity = 20 };
        int[] scrip = new int[KotakHsmEncoder.ScripValueCount];
        int[] index = new int[KotakHsmEncoder.IndexValueCount];
        KotakHsmEncoder.ScripValues(scrip, in tick, in quote, 1, 2);
        KotakHsmEncoder.IndexValues(index, in tick, 1, 2);
        int[] changed = [No, No, No, No, random.Next(1, 1000), (int)tick.Tick.LastPrice + 5];
        return KotakHsmEncoder.DataFrame(
            withNumber ? random.Next() : null,
            KotakHsmEncoder.Snap(RelianceTopic, "sf|nse_cm|2885", scrip),
            KotakHsmEncoder.Snap(NiftyTopic, "if|nse_cm|Nifty 50", index),
            KotakHsmEncoder.Snap(UsdInrTopic, "sf|cde_fo|1234", scrip, [(52, "1234"), (53, "cde_fo")]),
            KotakHsmEncoder.Update(RelianceTopic, changed),
            KotakHsmEncoder.Update(FutureDepthTopic, [No, No, 1950005, No, No, No, No, 1950505]),
            KotakHsmEncoder.Update(NiftyTopic, [No, No, (int)tick.Tick.LastPrice + 1]));
    }

    private static bool SameBytes(MarketEvent[] a, MarketEvent[] b) =>
        MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));

    private sealed record Result(MarketEvent[] Events, long Errors);
}
