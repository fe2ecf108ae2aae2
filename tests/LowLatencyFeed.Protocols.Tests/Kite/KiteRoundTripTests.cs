using System.Buffers;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kite.KiteTestData;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>Seeded random events → <see cref="KiteEncoder"/> → <see cref="KiteProtocol"/> → the same events, in every mode.</summary>
public sealed class KiteRoundTripTests
{
    [Theory]
    [InlineData(KiteMode.Ltp, false)]
    [InlineData(KiteMode.Quote, false)]
    [InlineData(KiteMode.Full, false)]
    [InlineData(KiteMode.Ltp, true)]
    [InlineData(KiteMode.Quote, true)]
    [InlineData(KiteMode.Full, true)]
    public void Random_events_survive_encode_and_decode_unchanged(KiteMode mode, bool index)
    {
        var random = new Random(1000 + ((int)mode * 2) + (index ? 1 : 0));
        for (int frame = 0; frame < 50; frame++)
        {
            int count = random.Next(1, 40);
            var expected = new List<MarketEvent>();
            var ticks = new MarketEvent[count];
            var depths = new MarketEvent[count];
            for (int i = 0; i < count; i++)
            {
                (ticks[i], depths[i]) = KiteRandomEvents.Next(random, mode, index, ReceiveTimeNs, Session);
                expected.Add(ticks[i]);
                if (depths[i].Header.Kind == EventKind.Depth)
                {
                    expected.Add(depths[i]);
                }
            }

            var buffer = new byte[KiteEncoder.MaxFrameLength(count)];
            int length = KiteEncoder.WriteFrame(buffer, ticks, depths, mode);
            Assert.Equal(2 + (count * (2 + KiteEncoder.PacketLength(mode, index))), length);

            var protocol = NewProtocol();
            var sink = DecodeSpan(protocol, buffer[..length], expected.Count);
            EventAssert.SequenceEqual(expected.ToArray(), sink.Events, $"{mode} index={index} frame {frame}");
            Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        }
    }

    [Fact]
    public void Mixed_modes_in_one_frame_round_trip_through_the_frame_writer_and_a_buffer_writer()
    {
        var random = new Random(77);
        var expected = new List<MarketEvent>();
        var buffer = new byte[KiteEncoder.MaxFrameLength(300)];
        var writer = new KiteFrameWriter(buffer);
        for (int i = 0; i < 300; i++)
        {
            var mode = (KiteMode)random.Next(3);
            bool index = random.Next(4) == 0;
            var (tick, depth) = KiteRandomEvents.Next(random, mode, index, ReceiveTimeNs, Session);
            Assert.True(writer.TryAppend(tick, depth, mode));
            expected.Add(tick);
            if (depth.Header.Kind == EventKind.Depth)
            {
                expected.Add(depth);
            }
        }

        Assert.Equal(300, writer.PacketCount);
        var sink = DecodeSpan(NewProtocol(), writer.WrittenSpan.ToArray(), expected.Count);
        EventAssert.SequenceEqual(expected.ToArray(), sink.Events, "frame writer");

        // The same frame, chopped into a multi-segment sequence, decodes identically.
        var protocol = NewProtocol();
        var sequenceSink = new CollectingSink(expected.Count);
        protocol.Decode(SegmentedSequence.Chunked(writer.WrittenSpan, 97), MessageKind.Binary, ReceiveTimeNs, ref sequenceSink);
        EventAssert.SequenceEqual(expected.ToArray(), sequenceSink.Events, "segmented");
    }

    [Fact]
    public void Buffer_writer_overload_writes_the_same_bytes_as_the_span_overload()
    {
        var random = new Random(5);
        var ticks = new MarketEvent[25];
        var depths = new MarketEvent[25];
        for (int i = 0; i < ticks.Length; i++)
        {
            (ticks[i], depths[i]) = KiteRandomEvents.Next(random, KiteMode.Full, i % 5 == 0, ReceiveTimeNs, Session);
        }

        var span = new byte[KiteEncoder.MaxFrameLength(ticks.Length)];
        int length = KiteEncoder.WriteFrame(span, ticks, depths, KiteMode.Full);
        var output = new ArrayBufferWriter<byte>();
        int written = KiteEncoder.WriteFrame(output, ticks, depths, KiteMode.Full);

        Assert.Equal(length, written);
        Assert.Equal(span[..length], output.WrittenSpan.ToArray());
    }
}
