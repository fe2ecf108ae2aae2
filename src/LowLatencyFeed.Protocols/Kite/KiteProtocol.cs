using System.Buffers;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// The Zerodha Kite Connect v3 ticker (Kite/README.md §1–§4): binary frames of length-prefixed big-endian packets, plus JSON text
/// messages (order postbacks, errors, broker messages) and 1-byte heartbeats. One instance per connection; decoding
/// is single-threaded, the counters may be read from any thread.
/// </summary>
public sealed partial class KiteProtocol : IFeedProtocol
{
    /// <summary>Instruments the server accepts per connection (current docs; older copies said 1000).</summary>
    public const int MaxInstrumentsPerConnection = 3000;

    private readonly ILogger _logger;
    private readonly ushort _sessionId;
    private long _heartbeats;
    private long _orderUpdates;
    private long _errorMessages;
    private long _brokerMessages;
    private int _errorLogged;
    private int _brokerMessageLogged;

    /// <summary>Creates the protocol for connection <paramref name="sessionId"/>, with its own diagnostics named <c>kite#id</c>.</summary>
    public KiteProtocol(ushort sessionId = 0, ILogger? logger = null)
        : this(new FeedDiagnostics($"kite#{sessionId}", logger), sessionId, logger)
    {
    }

    /// <summary>Creates the protocol reporting into existing <paramref name="diagnostics"/>.</summary>
    public KiteProtocol(FeedDiagnostics diagnostics, ushort sessionId = 0, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        Diagnostics = diagnostics;
        _sessionId = sessionId;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Kite;

    /// <inheritdoc />
    public FeedDiagnostics Diagnostics { get; }

    /// <summary>Stamped into <see cref="EventHeader.SessionId"/> of every event.</summary>
    public ushort SessionId => _sessionId;

    /// <summary>1-byte binary heartbeats received (liveness only, no events).</summary>
    public long Heartbeats => Volatile.Read(ref _heartbeats);

    /// <summary>Text messages of type <c>order</c> (order postbacks; not market data, so no events).</summary>
    public long OrderUpdates => Volatile.Read(ref _orderUpdates);

    /// <summary>Text messages of type <c>error</c>.</summary>
    public long ErrorMessages => Volatile.Read(ref _errorMessages);

    /// <summary>Text messages of type <c>message</c> (broker alerts).</summary>
    public long BrokerMessages => Volatile.Read(ref _brokerMessages);

    /// <summary>The text of the most recent <c>error</c> message, null when none arrived.</summary>
    public string? LastErrorText { get; private set; }

    /// <summary>The text of the most recent <c>message</c> message, null when none arrived.</summary>
    public string? LastBrokerMessage { get; private set; }

    /// <inheritdoc />
    public int Decode<TSink>(in ReadOnlySequence<byte> message, MessageKind kind, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        if (kind == MessageKind.Text)
        {
            return DecodeText(message);
        }

        return message.IsSingleSegment
            ? DecodeBinary(message.FirstSpan, receiveTimeNs, ref sink)
            : DecodeBinaryMultiSegment(message, receiveTimeNs, ref sink);
    }

    /// <summary>Decodes one complete message held in a single span (the fast path; same contract as the sequence overload).</summary>
    public int Decode<TSink>(ReadOnlySpan<byte> message, MessageKind kind, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        return kind == MessageKind.Text ? DecodeText(message) : DecodeBinary(message, receiveTimeNs, ref sink);
    }

    /// <summary>
    /// One <c>subscribe</c> with every token (as JSON numbers), then one <c>mode</c> per non-empty mode group in the
    /// order ltp, quote, full. A token listed twice keeps its last mode. Cold path.
    /// </summary>
    public IReadOnlyList<OutgoingMessage> BuildSubscriptionMessages(IReadOnlyList<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var modeByToken = new Dictionary<long, KiteMode>(subscriptions.Count);
        var order = new List<long>(subscriptions.Count);
        for (int i = 0; i < subscriptions.Count; i++)
        {
            long token = subscriptions[i].Instrument.Token;
            if (!modeByToken.ContainsKey(token))
            {
                order.Add(token);
            }

            modeByToken[token] = KiteModes.FromSubscription(subscriptions[i].Mode);
        }

        var messages = new List<OutgoingMessage>(4);
        if (order.Count == 0)
        {
            return messages;
        }

        if (order.Count > MaxInstrumentsPerConnection)
        {
            // Sent anyway: the limit has changed before, and the server's reply (an error message) will say.
            _logger.LogWarning("{Source}: subscribing {Count} instruments, more than Kite's {Limit} per connection", Diagnostics.Source, order.Count, MaxInstrumentsPerConnection);
        }

        messages.Add(new OutgoingMessage(KiteRequestWriter.Subscribe(order.ToArray()), MessageKind.Text));
        var group = new List<long>(order.Count);
        foreach (KiteMode mode in (ReadOnlySpan<KiteMode>)[KiteMode.Ltp, KiteMode.Quote, KiteMode.Full])
        {
            group.Clear();
            foreach (long token in order)
            {
                if (modeByToken[token] == mode)
                {
                    group.Add(token);
                }
            }

            if (group.Count > 0)
            {
                messages.Add(new OutgoingMessage(KiteRequestWriter.Mode(mode, group.ToArray()), MessageKind.Text));
            }
        }

        return messages;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Increment(ref long counter) => Volatile.Write(ref counter, counter + 1);
}
