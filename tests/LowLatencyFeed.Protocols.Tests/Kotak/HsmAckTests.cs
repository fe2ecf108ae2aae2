using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.HsmTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>ACK requests: one after every n data frames, carrying the latest message number, taken once.</summary>
public sealed class HsmAckTests
{
    [Fact]
    public void An_ack_follows_every_third_frame_with_that_frames_number()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(64);
        Assert.False(protocol.TryTakeReply(out _));
        protocol.Decode(ConnectResponse('K', 3).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.False(protocol.TryTakeReply(out _));

        var acks = new List<byte[]>();
        for (int number = 101; number <= 108; number++)
        {
            byte[] frame = number == 101 ? Data(number, NiftySnap()) : Data(number, Update(NiftyTopic, No, No, 2405040 + number));
            Assert.Equal(1, protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
            if (protocol.TryTakeReply(out OutgoingMessage reply))
            {
                Assert.Equal(MessageKind.Binary, reply.Kind);
                acks.Add(reply.Payload.ToArray());
                Assert.False(protocol.TryTakeReply(out _)); // taken once
            }
        }

        // Frames 101, 102, 103 → ACK 103; 104, 105, 106 → ACK 106; 107, 108 are not yet a full interval.
        Assert.Equal(
            new byte[][]
            {
                [0x00, 0x09, 0x03, 0x01, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 103],
                [0x00, 0x09, 0x03, 0x01, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 106],
            },
            acks);
        Assert.Equal(2, protocol.AcksQueued);
        Assert.Equal(108, protocol.State.LastMessageNumber);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Frames_carry_no_number_and_produce_no_ack_without_an_interval()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(16);
        protocol.Decode(ConnectResponse('K').AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        for (int i = 0; i < 10; i++)
        {
            protocol.Decode(Data(null, NiftySnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            Assert.False(protocol.TryTakeReply(out _));
        }

        Assert.Equal(10, sink.Count);
        Assert.Equal(0, protocol.AcksQueued);
    }

    [Fact]
    public void A_new_connect_response_restarts_the_count_and_drops_an_untaken_ack()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(16);
        protocol.Decode(ConnectResponse('K', 2).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(Data(1, NiftySnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(Data(2, NiftySnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(ConnectResponse('K', 2).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.False(protocol.TryTakeReply(out _));

        protocol.Decode(Data(1, NiftySnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.False(protocol.TryTakeReply(out _));
        protocol.Decode(Data(2, NiftySnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.True(protocol.TryTakeReply(out OutgoingMessage reply));
        Assert.Equal(2, reply.Payload.Span[^1]);
    }

    [Fact]
    public void Acking_allocates_nothing()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);
        protocol.Decode(ConnectResponse('K', 1).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(Data(1, NiftySnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.TryTakeReply(out _);
        byte[] frame = Data(9, Update(NiftyTopic, No, No, 2405100));
        int taken = 0;
        int published = 0;
        long allocated = FewestBytesAllocated(() =>
        {
            sink.Clear();
            published += protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            taken += protocol.TryTakeReply(out OutgoingMessage reply) && reply.Payload.Length == KotakHsmRequestWriter.AckLength ? 1 : 0;
        });

        Assert.Equal(0, allocated);
        Assert.Equal(protocol.AcksQueued - 1, taken);
        Assert.Equal(taken, published);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.True(taken > 0);
    }
}
