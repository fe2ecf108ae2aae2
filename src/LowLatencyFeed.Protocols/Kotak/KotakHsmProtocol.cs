using System.Buffers;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Kotak Neo legacy HSM feed (Kotak/README.md §2–§5), the fallback to SFeed: binary big-endian frames both ways. After
/// (re)connecting the client sends the connect request (JWT access token, sid, source) and its subscribe requests; the
/// server answers with a connect response (status, optional ACK interval), status responses, and data frames of SNAP
/// (full image) and UPDATE (changed fields only) records per topic. Each connection keeps a topic cache (topic id →
/// instrument, kind, merged values) so every published event is the merged view: scrip topics give a Tick and a Quote,
/// index topics an index Tick, depth topics a five-level Depth snapshot. When the connect response asks for ACKs, an
/// ACK request is produced every n data frames, taken with <see cref="TryTakeReply"/>.
/// One instance per connection; decoding is single-threaded, counters may be read from any thread.
/// </summary>
/// <remarks>
/// Instruments are the same as SFeed's (a <see cref="Subscription"/> with symbol <c>segment|token</c> or
/// <c>segment|index name</c>), so one instrument configuration works with either feed. Prices of subscribed
/// instruments keep their configured decimals: raw ÷ (multiplier × 10^precision) is converted with integer arithmetic,
/// exactly whenever the configured decimals can hold it.
/// </remarks>
public sealed partial class KotakHsmProtocol : IFeedProtocol, IFeedReplySource, IFeedAuthRefusal
{
    /// <inheritdoc />
    public bool IsAuthRefusal(int closeStatus, string? description) => KotakAuthRefusal.Is(closeStatus, description);


    private readonly KotakHsmOptions _options;
    private readonly KotakHsmConnectionState _state;
    private readonly ILogger _logger;
    private readonly byte[] _reply = new byte[KotakHsmRequestWriter.AckLength];
    private readonly long[] _accepted = new long[16];
    private readonly long[] _rejected = new long[16];
    private KotakHsmTopicTable _table;
    private readonly MessageScratch _scratch = new();
    private bool _replyPending;
    private int _connected;
    private int _roundingLogged;
    private long _acksQueued;
    private long _otherResponses;

    /// <summary>Creates the protocol for one connection.</summary>
    /// <param name="options">Credentials, session id, unknown-instrument policy; defaults (no credentials) when null.</param>
    /// <param name="subscriptions">Instruments known up front (also refreshed by <see cref="BuildSubscriptionMessages"/>).</param>
    /// <param name="diagnostics">Error counters; a new <c>kotak-hsm#session</c> instance when null.</param>
    /// <param name="logger">Logs connect and request outcomes (never the credentials).</param>
    public KotakHsmProtocol(KotakHsmOptions? options = null, IEnumerable<Subscription>? subscriptions = null, FeedDiagnostics? diagnostics = null, ILogger? logger = null)
    {
        _options = options ?? new KotakHsmOptions();
        _logger = logger ?? NullLogger.Instance;
        Diagnostics = diagnostics ?? new FeedDiagnostics($"kotak-hsm#{_options.SessionId}", logger);
        _table = subscriptions is null ? KotakHsmTopicTable.Empty : KotakHsmTopicTable.Build(KotakHsmTopics.Expand([.. subscriptions]));
        _state = _options.State ?? new KotakHsmConnectionState(TopicCapacityFor(_table.Count));
        _state.EnsureCapacity(_table.Count);
    }

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Kotak;

    /// <inheritdoc />
    public FeedDiagnostics Diagnostics { get; }

    /// <summary>Stamped into <see cref="EventHeader.SessionId"/>.</summary>
    public ushort SessionId => _options.SessionId;

    /// <summary>The connection state: ACK interval, last message number, cached topics.</summary>
    public KotakHsmConnectionState State => _state;

    /// <summary>True after a connect response with status K (until the next connect response).</summary>
    public bool IsConnected => Volatile.Read(ref _connected) != 0;

    /// <summary>ACK requests produced (taken or not).</summary>
    public long AcksQueued => Volatile.Read(ref _acksQueued);

    /// <summary>Throttling, ACK and option-chain responses: well-formed, counted, otherwise ignored.</summary>
    public long OtherResponses => Volatile.Read(ref _otherResponses);

    /// <summary>Responses with status K to requests of <paramref name="type"/> (connect, subscribe, unsubscribe, pause, resume, snapshot).</summary>
    public long Accepted(KotakHsmMessageType type) => Volatile.Read(ref _accepted[(int)type & 15]);

    /// <summary>Responses with status N (or none) to requests of <paramref name="type"/>; each is also logged.</summary>
    public long Rejected(KotakHsmMessageType type) => Volatile.Read(ref _rejected[(int)type & 15]);

    /// <inheritdoc />
    public int Decode<TSink>(in ReadOnlySequence<byte> message, MessageKind kind, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        return Decode(_scratch.Contiguous(message), kind, receiveTimeNs, ref sink);
    }

    /// <summary>Decodes one complete message held in one span (same contract as the sequence overload).</summary>
    public int Decode<TSink>(ReadOnlySpan<byte> message, MessageKind kind, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        KotakHsmTopicTable table = Volatile.Read(ref _table);
        if (table.Count > _state.TopicCapacity)
        {
            _state.EnsureCapacity(TopicCapacityFor(table.Count));
        }

        int events;
        if (kind == MessageKind.Text)
        {
            Diagnostics.Report(ParseErrorReason.Garbage, $"HSM sends binary frames only; a {message.Length}-byte text message was ignored", message, 0);
            events = 0;
        }
        else
        {
            events = DecodeBinary(message, table, receiveTimeNs, ref sink);
        }

        Diagnostics.CountMessage(events);
        return events;
    }

    /// <summary>
    /// Takes the ACK request the last <see cref="Decode{TSink}(ReadOnlySpan{byte}, MessageKind, long, ref TSink)"/>
    /// produced, if any. Its payload is this protocol's buffer, reused by the next ACK: send or copy it before decoding again.
    /// </summary>
    public bool TryTakeReply(out OutgoingMessage reply)
    {
        if (!_replyPending)
        {
            reply = default;
            return false;
        }

        _replyPending = false;
        reply = new OutgoingMessage(_reply, MessageKind.Binary);
        return true;
    }

    /// <summary>
    /// The connect request first, then subscribe requests: index topics, then scrip topics, then depth topics (see
    /// <see cref="KotakHsmTopics"/>), at most 100 scrips per request and 200 per channel, channels 2–16. The server is
    /// expected to process requests in order, so they follow the connect request without waiting for its response.
    /// Throws <see cref="ArgumentException"/> beyond 3000 topics. Cold path.
    /// </summary>
    public IReadOnlyList<OutgoingMessage> BuildSubscriptionMessages(IReadOnlyList<Subscription> subscriptions)
    {
        List<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)> topics = KotakHsmTopics.Expand(subscriptions);
        List<byte[]> requests = KotakHsmRequestWriter.Subscriptions(KotakHsmMessageType.Subscribe, topics);
        Volatile.Write(ref _table, KotakHsmTopicTable.Build(topics));

        var messages = new List<OutgoingMessage>(requests.Count + 1)
        {
            new(KotakHsmRequestWriter.Connect(_options.AccessToken, _options.SessionToken, _options.Source), MessageKind.Binary),
        };
        foreach (byte[] request in requests)
        {
            messages.Add(new OutgoingMessage(request, MessageKind.Binary));
        }

        return messages;
    }

    /// <summary>Unsubscribe requests for <paramref name="subscriptions"/>, on the channels the subscribe requests used for the same list. Cold path.</summary>
    public IReadOnlyList<OutgoingMessage> BuildUnsubscribeMessages(IReadOnlyList<Subscription> subscriptions)
    {
        List<byte[]> requests = KotakHsmRequestWriter.Subscriptions(KotakHsmMessageType.Unsubscribe, KotakHsmTopics.Expand(subscriptions));
        return [.. requests.Select(static r => new OutgoingMessage(r, MessageKind.Binary))];
    }

    private int TopicCapacityFor(int topics) => Math.Max(Math.Max(1, _options.MinTopicCapacity), topics + (topics / 4));
}
