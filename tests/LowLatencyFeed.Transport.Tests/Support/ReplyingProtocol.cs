using System.Buffers;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>
/// A test protocol with replies: publishes one tick per message, and answers every message starting with 'A' with
/// "ack:" + the message, written into one reused buffer (as a real protocol's preallocated reply would be).
/// </summary>
public sealed class ReplyingProtocol : IFeedProtocol, IFeedReplySource
{
    private readonly byte[] _reply = new byte[256];
    private int _replyLength = -1;

    public FeedKind Feed => FeedKind.Kotak;

    public FeedDiagnostics Diagnostics { get; } = new("replying");

    public int Decode<TSink>(in ReadOnlySequence<byte> message, MessageKind kind, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        byte[] copy = message.ToArray();
        if (copy.Length > 0 && copy[0] == (byte)'A')
        {
            "ack:"u8.CopyTo(_reply);
            copy.CopyTo(_reply, 4);
            _replyLength = 4 + copy.Length;
        }

        ref MarketEvent e = ref sink.Claim();
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = Feed;
        e.Header.Instrument = InstrumentId.From(Feed, copy.Length > 0 ? copy[0] : 0);
        e.Header.ReceiveTimeNs = receiveTimeNs;
        e.Header.ExchangeTimeNs = receiveTimeNs;
        e.Header.Flags = EventFlags.ExchangeTimeFromReceive;
        e.Tick.LastQuantity = copy.Length;
        e.Tick.Fields = TickFields.LastQuantity;
        sink.Publish();
        return 1;
    }

    public bool TryTakeReply(out OutgoingMessage reply)
    {
        if (_replyLength < 0)
        {
            reply = default;
            return false;
        }

        reply = new OutgoingMessage(_reply.AsMemory(0, _replyLength), MessageKind.Text);
        _replyLength = -1;
        return true;
    }

    public IReadOnlyList<OutgoingMessage> BuildSubscriptionMessages(IReadOnlyList<Subscription> subscriptions) =>
        [new OutgoingMessage(Encoding.UTF8.GetBytes("hello"), MessageKind.Text)];
}
