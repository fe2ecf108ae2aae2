using System.Buffers;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Kotak Neo SFeed <c>native_batch</c> (Kotak/README.md §7–§8): JSON control frames (auth first, then subscriptions; the auth
/// response carries each exchange's price divider) and binary little-endian packets with a 9-byte header, several per
/// message. Market pictures become a Tick, plus a Quote for touch-line levels or a Depth snapshot for depth levels.
/// One instance per connection; decoding is single-threaded, counters may be read from any thread.
/// </summary>
public sealed partial class KotakSFeedProtocol : IFeedProtocol, IFeedAuthRefusal
{
    /// <summary>The SDK's cap on subscribed tokens per connection.</summary>
    public const int MaxTokens = 3000;


    private readonly KotakSFeedOptions _options;
    private readonly KotakExchangeTable _exchanges;
    private readonly DepthSlabPool? _slabs;
    private readonly ILogger _logger;
    private IReadOnlyList<Subscription> _subscriptions;
    private KotakInstrumentTable _instruments;
    private readonly MessageScratch _scratch = new();
    private long _marketOpens;
    private long _marketCloses;
    private long _marketStatusPackets;
    private long _auctionPackets;
    private long _subscribeAcks;
    private long _otherControlMessages;
    private long _truncatedDepth;
    private int _lastMarketStatus;
    private int _authenticated;

    /// <summary>Creates the protocol for one connection.</summary>
    /// <param name="options">Credentials, session id, unknown-instrument policy; defaults (no credentials) when null.</param>
    /// <param name="subscriptions">Instruments known up front (also refreshed by <see cref="BuildSubscriptionMessages"/>).</param>
    /// <param name="slabs">Where depth with more than <see cref="InlineDepthLevels.Capacity"/> rows goes; without it deep books are cut to 5 + 5 inline levels.</param>
    /// <param name="diagnostics">Error counters; a new <c>kotak#session</c> instance when null.</param>
    /// <param name="logger">Logs the auth outcome (never the credentials).</param>
    public KotakSFeedProtocol(KotakSFeedOptions? options = null, IEnumerable<Subscription>? subscriptions = null, DepthSlabPool? slabs = null, FeedDiagnostics? diagnostics = null, ILogger? logger = null)
    {
        _options = options ?? new KotakSFeedOptions();
        _exchanges = _options.Exchanges ?? new KotakExchangeTable();
        _slabs = slabs;
        _logger = logger ?? NullLogger.Instance;
        Diagnostics = diagnostics ?? new FeedDiagnostics($"kotak#{_options.SessionId}", logger);
        _subscriptions = subscriptions is null ? [] : [.. subscriptions];
        _instruments = KotakInstrumentTable.Build(_subscriptions, _exchanges);
    }

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Kotak;

    /// <inheritdoc />
    public FeedDiagnostics Diagnostics { get; }

    /// <summary>Stamped into <see cref="EventHeader.SessionId"/>.</summary>
    public ushort SessionId => _options.SessionId;

    /// <summary>Exchange ids and dividers in use (updated by the auth response).</summary>
    public KotakExchangeTable Exchanges => _exchanges;

    /// <summary>The pool for deep books, if any.</summary>
    public DepthSlabPool? Slabs => _slabs;

    /// <summary>True after an auth response (1117/1119) in <c>native_batch</c> format.</summary>
    public bool IsAuthenticated => Volatile.Read(ref _authenticated) != 0;

    /// <inheritdoc />
    public bool IsAuthRefusal(int closeStatus, string? description) => KotakAuthRefusal.Is(closeStatus, description);

    /// <summary>Market open packets (code 6511).</summary>
    public long MarketOpens => Volatile.Read(ref _marketOpens);

    /// <summary>Market close packets (code 6521).</summary>
    public long MarketCloses => Volatile.Read(ref _marketCloses);

    /// <summary>Market status packets (code 105).</summary>
    public long MarketStatusPackets => Volatile.Read(ref _marketStatusPackets);

    /// <summary>Status code of the last market status packet (1 open, 2 close, …), 0 when none arrived.</summary>
    public int LastMarketStatus => Volatile.Read(ref _lastMarketStatus);

    /// <summary>Closing-auction packets (code 104), counted only.</summary>
    public long AuctionPackets => Volatile.Read(ref _auctionPackets);

    /// <summary>Subscribe acknowledgements (text, code 1109).</summary>
    public long SubscribeAcks => Volatile.Read(ref _subscribeAcks);

    /// <summary>Other well-formed text control messages.</summary>
    public long OtherControlMessages => Volatile.Read(ref _otherControlMessages);

    /// <summary>Depth events cut to the inline capacity because no slab pool was given (or rows exceeded a slab side).</summary>
    public long TruncatedDepth => Volatile.Read(ref _truncatedDepth);

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
        if (_instruments.ExchangeVersion != _exchanges.Version)
        {
            RebuildInstruments();
        }

        int events = kind == MessageKind.Text ? DecodeText(message) : DecodeBinary(message, receiveTimeNs, ref sink);
        Diagnostics.CountMessage(events);
        return events;
    }

    /// <summary>
    /// The auth frame first, then subscribe frames: indices (token part not a number) → subscribeIndices, Ltp →
    /// subscribeScripsLite, Quote → subscribeScrips, Full → subscribeDepth, Depth20/Depth200 → subscribeFullDepth;
    /// then subscribeExchange when configured. The server is expected to process frames in order, so subscriptions follow
    /// the auth frame without waiting for its response. Cold path.
    /// </summary>
    public IReadOnlyList<OutgoingMessage> BuildSubscriptionMessages(IReadOnlyList<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        if (subscriptions.Count > MaxTokens)
        {
            throw new ArgumentException($"Kotak SFeed takes at most {MaxTokens} tokens per connection; {subscriptions.Count} were given.", nameof(subscriptions));
        }

        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Subscription s in subscriptions)
        {
            string scrip = KotakSubscriptions.Scrip(s);
            string name = EventName(s, scrip, subscribe: true);

            if (!groups.TryGetValue(name, out List<string>? list))
            {
                groups[name] = list = [];
            }

            list.Add(scrip);
        }

        _subscriptions = [.. subscriptions];
        Volatile.Write(ref _instruments, KotakInstrumentTable.Build(_subscriptions, _exchanges));

        var messages = new List<OutgoingMessage> { new(KotakRequestWriter.Auth(_options, _options.NowUnixMilliseconds()), MessageKind.Text) };
        int perFrame = Math.Max(1, _options.MaxTokensPerFrame);
        foreach (string name in (ReadOnlySpan<string>)[KotakFeedEvents.SubscribeIndices, KotakFeedEvents.SubscribeScripsLite, KotakFeedEvents.SubscribeScrips, KotakFeedEvents.SubscribeDepth, KotakFeedEvents.SubscribeFullDepth])
        {
            if (!groups.TryGetValue(name, out List<string>? scrips))
            {
                continue;
            }

            for (int start = 0; start < scrips.Count; start += perFrame)
            {
                messages.Add(new OutgoingMessage(KotakRequestWriter.Tokens(name, scrips.GetRange(start, Math.Min(perFrame, scrips.Count - start))), MessageKind.Text));
            }
        }

        if (_options.SubscribeExchangeStatus)
        {
            messages.Add(new OutgoingMessage(KotakRequestWriter.Event(KotakFeedEvents.SubscribeExchange), MessageKind.Text));
        }

        return messages;
    }

    private void RebuildInstruments() => Volatile.Write(ref _instruments, KotakInstrumentTable.Build(_subscriptions, _exchanges));
}
