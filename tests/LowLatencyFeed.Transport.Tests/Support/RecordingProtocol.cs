using System.Buffers;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>
/// A test protocol that keeps a copy of every message it is given (to check framing exactly) and publishes one tick
/// per message with the message length as its quantity. A binary message starting with <see cref="ThrowMarker"/>
/// makes it claim a slot and throw, as a buggy decoder would.
/// </summary>
public sealed class RecordingProtocol : IFeedProtocol
{
    public const byte ThrowMarker = 0xEE;

    private readonly List<(MessageKind Kind, byte[] Payload)> _messages = [];
    private readonly IReadOnlyList<OutgoingMessage> _subscriptionMessages;

    public RecordingProtocol(IReadOnlyList<OutgoingMessage>? subscriptionMessages = null) => _subscriptionMessages = subscriptionMessages ?? [];

    public FeedKind Feed => FeedKind.Binance;

    public FeedDiagnostics Diagnostics { get; } = new("recording");

    public IReadOnlyList<(MessageKind Kind, byte[] Payload)> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public int Decode<TSink>(in ReadOnlySequence<byte> message, MessageKind kind, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        byte[] copy = message.ToArray();
        lock (_messages)
        {
            _messages.Add((kind, copy));
        }

        ref MarketEvent e = ref sink.Claim();
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = Feed;
        e.Header.Instrument = InstrumentId.From(Feed, 1);
        e.Header.ReceiveTimeNs = receiveTimeNs;
        e.Header.ExchangeTimeNs = receiveTimeNs;
        e.Header.Flags = EventFlags.ExchangeTimeFromReceive;
        e.Tick.LastQuantity = copy.Length;
        e.Tick.Fields = TickFields.LastQuantity;
        if (kind == MessageKind.Binary && copy.Length > 0 && copy[0] == ThrowMarker)
        {
            throw new InvalidOperationException("decoder bug (test)");
        }

        sink.Publish();
        return 1;
    }

    public IReadOnlyList<OutgoingMessage> BuildSubscriptionMessages(IReadOnlyList<Subscription> subscriptions) => _subscriptionMessages;
}
