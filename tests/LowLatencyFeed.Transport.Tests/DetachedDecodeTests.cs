using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>FeedSession.DecodeDetached: the live record framing and dispatch without a socket (the fuzzer's decode path).</summary>
public sealed class DetachedDecodeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16 * 1024)]
    public void Messages_of_every_size_reach_the_protocol_whole_even_when_they_span_pipe_segments(int receiveBufferSize)
    {
        (MessageKind Kind, byte[] Payload)[] messages =
        [
            (MessageKind.Binary, FeedSessionFramingTests.Pattern(1, 1)),
            (MessageKind.Binary, []),
            (MessageKind.Text, FeedSessionFramingTests.Pattern(33, 2)),
            (MessageKind.Binary, FeedSessionFramingTests.Pattern(5000, 3)),
            (MessageKind.Binary, FeedSessionFramingTests.Pattern(70_000, 4)),
            (MessageKind.Binary, FeedSessionFramingTests.Pattern(17, 5)),
        ];
        var protocol = new RecordingProtocol();
        var collector = new EventCollector();
        var session = new FeedSession(protocol, [], Options() with { ReceiveBufferSize = receiveBufferSize });
        foreach ((MessageKind kind, byte[] payload) in messages)
        {
            Assert.Equal(1, session.DecodeDetached(payload, kind, 1_000, new CollectingSink(collector)));
        }

        IReadOnlyList<(MessageKind Kind, byte[] Payload)> got = protocol.Messages;
        Assert.Equal(messages.Length, got.Count);
        for (int i = 0; i < messages.Length; i++)
        {
            Assert.Equal(messages[i].Kind, got[i].Kind);
            Assert.Equal(messages[i].Payload, got[i].Payload);
        }

        Assert.Equal(messages.Length, collector.Count);
        Assert.Equal(messages.Length, session.Statistics.Events);
    }

    [Fact]
    public void A_throwing_decoder_is_counted_as_a_decode_fault_and_its_open_claim_published_as_live()
    {
        var protocol = new RecordingProtocol();
        var collector = new EventCollector();
        var session = new FeedSession(protocol, [], Options());
        session.DecodeDetached([RecordingProtocol.ThrowMarker, 1, 2], MessageKind.Binary, 1_000, new CollectingSink(collector));
        Assert.Equal(1, session.Statistics.DecodeFaults);

        // The claimed slot is published (an unpublished ring slot would stall every consumer), and decoding goes on.
        Assert.Equal(1, collector.Count);
        Assert.Equal(1, session.DecodeDetached([1, 2, 3], MessageKind.Binary, 2_000, new CollectingSink(collector)));
        Assert.Equal(1, session.Statistics.DecodeFaults);
    }

    private static FeedSessionOptions Options() => new() { Uri = new Uri("ws://127.0.0.1:9/detached"), Name = "detached" };
}
