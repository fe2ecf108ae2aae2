using System.Buffers;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>
/// The DhanHQ v2 live market feed (Dhan/README.md §1–§5): binary little-endian packets with an 8-byte header, several per
/// message, float32 prices converted to fixed point at each instrument's <see cref="Subscription.PriceDecimals"/>;
/// JSON subscribe requests. One instance per connection; decoding is single-threaded, counters may be read from any thread.
/// </summary>
public sealed partial class DhanProtocol : IFeedProtocol
{
    /// <summary>Initial size of the buffer that joins a message spread over several pipe segments.</summary>

    private readonly DhanFeedOptions _options;
    private readonly ILogger _logger;
    private readonly long _timeOffsetNs;
    private DhanInstrumentTable _instruments;
    private readonly MessageScratch _scratch = new();
    private long _heartbeats;
    private long _marketStatusPackets;
    private long _disconnects;
    private int _lastDisconnectReason;

    /// <summary>Creates the decoder for one connection.</summary>
    /// <param name="options">Session id, unknown-instrument policy, time offset; defaults when null.</param>
    /// <param name="subscriptions">Instruments known up front (also refreshed by <see cref="BuildSubscriptionMessages"/>).</param>
    /// <param name="diagnostics">Error counters; a new <c>dhan#session</c> instance when null.</param>
    /// <param name="logger">Logs server disconnects; errors go through <paramref name="diagnostics"/>.</param>
    public DhanProtocol(DhanFeedOptions? options = null, IEnumerable<Subscription>? subscriptions = null, FeedDiagnostics? diagnostics = null, ILogger? logger = null)
    {
        _options = options ?? new DhanFeedOptions();
        _logger = logger ?? NullLogger.Instance;
        Diagnostics = diagnostics ?? new FeedDiagnostics($"dhan#{_options.SessionId}", logger);
        _timeOffsetNs = _options.TimeOffsetSeconds * Core.Time.UnixTime.NanosPerSecond;
        _instruments = DhanInstrumentTable.Build(subscriptions);
    }

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Dhan;

    /// <inheritdoc />
    public FeedDiagnostics Diagnostics { get; }

    /// <summary>Stamped into <see cref="EventHeader.SessionId"/>.</summary>
    public ushort SessionId => _options.SessionId;

    /// <summary>Code-0 packets (heartbeat / acknowledgement), ignored.</summary>
    public long Heartbeats => Volatile.Read(ref _heartbeats);

    /// <summary>Market status packets (code 7; body unpublished, no event).</summary>
    public long MarketStatusPackets => Volatile.Read(ref _marketStatusPackets);

    /// <summary>Disconnect packets (code 50).</summary>
    public long Disconnects => Volatile.Read(ref _disconnects);

    /// <summary>Reason code of the last disconnect packet, 0 when none arrived.</summary>
    public int LastDisconnectReason => Volatile.Read(ref _lastDisconnectReason);

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
        if (kind == MessageKind.Text)
        {
            // Dhan answers requests only in binary; a text frame is not part of the documented protocol.
            ReportText(message);
            Diagnostics.CountMessage(0);
            return 0;
        }

        int events = DecodeBinary(message, receiveTimeNs, ref sink);
        Diagnostics.CountMessage(events);
        return events;
    }

    /// <summary>
    /// Subscribe requests for every Ltp (code 15), Quote (17) and Full (21) subscription, at most 100 instruments per
    /// message; Depth20/Depth200 subscriptions belong to <see cref="DhanDepthProtocol"/> connections and are left out.
    /// Also makes these instruments known to the decoder. Cold path.
    /// </summary>
    public IReadOnlyList<OutgoingMessage> BuildSubscriptionMessages(IReadOnlyList<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var ticker = new List<DhanInstrumentRef>();
        var quote = new List<DhanInstrumentRef>();
        var full = new List<DhanInstrumentRef>();
        foreach (Subscription s in subscriptions)
        {
            var instrument = new DhanInstrumentRef(DhanSubscriptions.Segment(s), DhanSubscriptions.SecurityId(s));
            switch (s.Mode)
            {
                case SubscriptionMode.Ltp:
                    ticker.Add(instrument);
                    break;
                case SubscriptionMode.Quote:
                    quote.Add(instrument);
                    break;
                case SubscriptionMode.Full:
                    full.Add(instrument);
                    break;
            }
        }

        Volatile.Write(ref _instruments, DhanInstrumentTable.Build(subscriptions));
        var messages = new List<OutgoingMessage>();
        Add(messages, DhanRequestCode.SubscribeTicker, ticker);
        Add(messages, DhanRequestCode.SubscribeQuote, quote);
        Add(messages, DhanRequestCode.SubscribeFull, full);
        return messages;

        static void Add(List<OutgoingMessage> messages, DhanRequestCode code, List<DhanInstrumentRef> instruments)
        {
            foreach (byte[] payload in DhanRequestWriter.ListRequests(code, instruments))
            {
                messages.Add(new OutgoingMessage(payload, MessageKind.Text));
            }
        }
    }
}
