using System.Buffers;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Binance spot market streams (Binance/README.md §1–§4): JSON text frames, raw or wrapped as <c>{"stream":…,"data":…}</c>, decoded
/// in one forward pass by our own strict JSON scanner (Binance/README.md §7.1) straight into ring slots; a message
/// spread over several segments is first copied into one buffer. trade/aggTrade → Tick, bookTicker → Quote, depthUpdate → Depth diffs (through a
/// <see cref="BinanceBookSynchronizer"/> per symbol when books are synchronized), partial depth → Depth snapshot,
/// serverShutdown → Control ServerDisconnect. Control responses (<c>result</c>/<c>id</c>, <c>code</c>/<c>msg</c>) are
/// counted, not published. One instance per connection; decoding is single-threaded, counters may be read anywhere.
/// </summary>
/// <remarks>
/// <para>Book events use the layout of <see cref="BinanceDepthWriter"/>: every wire message carries its update ids
/// (<c>U</c>/<c>u</c>, or <c>lastUpdateId</c>) and may span several consecutive events.</para>
/// <para>Snapshots: when a synchronized book needs one, the attached <see cref="IBinanceSnapshotRequester"/> is asked
/// (on this thread) and fills the symbol's <see cref="BinanceSnapshotHandoff"/> on its own thread; the next
/// <see cref="Decode{TSink}"/> (or <see cref="ApplyReadySnapshots{TSink}"/>) applies it. Meanwhile diffs are buffered.</para>
/// </remarks>
public sealed partial class BinanceProtocol : IFeedProtocol
{
    private readonly BinanceProtocolOptions _options;
    // Replaced only on the decode thread, between messages (subscription changes: BinanceProtocol.Changes.cs).
    private BinanceSymbolTable _symbols;
    private BinanceInstrument[] _instruments;
    private BinanceInstrument[] _books;
    private readonly DepthLevel[] _bidScratch;
    private readonly DepthLevel[] _askScratch;
    private readonly BinanceSnapshotSignal _signal = new();
    private readonly ILogger _logger;
    private readonly long _nanosPerTimeUnit;
    private IBinanceSnapshotRequester? _requester;
    private int _resetRequested;
    private long _nextRequestId;
    private long _controlResponses;
    private long _errorResponses;
    private long _serverShutdowns;
    private long _lastControlResponseId;

    /// <summary>Creates the protocol for one connection carrying <paramref name="subscriptions"/>.</summary>
    /// <param name="subscriptions">Every symbol the connection may deliver (Symbol = Binance symbol, any case).</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="diagnostics">Error counters; a new <c>binance#session</c> instance when null.</param>
    /// <param name="logger">For control-response errors and server shutdowns.</param>
    public BinanceProtocol(
        IReadOnlyList<Subscription> subscriptions,
        BinanceProtocolOptions? options = null,
        FeedDiagnostics? diagnostics = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        _options = options ?? new BinanceProtocolOptions();
        _logger = logger ?? NullLogger.Instance;
        Diagnostics = diagnostics ?? new FeedDiagnostics($"binance#{_options.SessionId}", logger);
        ValidateOptions(_options);
        _nanosPerTimeUnit = _options.TimeUnit == BinanceTimeUnit.Microsecond ? 1_000 : 1_000_000;

        Install(BuildTables(subscriptions, retired: [], current: null));
        _bidScratch = new DepthLevel[_options.MaxLevelsPerSide];
        _askScratch = new DepthLevel[_options.MaxLevelsPerSide];
    }

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Binance;

    /// <inheritdoc />
    public FeedDiagnostics Diagnostics { get; }

    /// <summary>The settings in use.</summary>
    public BinanceProtocolOptions Options => _options;

    /// <summary>Successful control responses (<c>{"result":…,"id":…}</c>).</summary>
    public long ControlResponses => Volatile.Read(ref _controlResponses);

    /// <summary>The <c>id</c> of the latest successful control response (0 when not numeric).</summary>
    public long LastControlResponseId => Volatile.Read(ref _lastControlResponseId);

    /// <summary>Error responses (<c>{"code":…,"msg":…}</c>) to our requests.</summary>
    public long ErrorResponses => Volatile.Read(ref _errorResponses);

    /// <summary>The latest error response as text, null when none arrived.</summary>
    public string? LastErrorResponse { get; private set; }

    /// <summary><c>serverShutdown</c> events received.</summary>
    public long ServerShutdowns => Volatile.Read(ref _serverShutdowns);

    /// <summary>
    /// Attaches the snapshot fetcher for synchronized books. Call before decoding starts; without one, books stay
    /// buffering until snapshots are given to <see cref="GetBook"/>'s synchronizer directly.
    /// </summary>
    public void AttachSnapshotRequester(IBinanceSnapshotRequester requester)
    {
        ArgumentNullException.ThrowIfNull(requester);
        Volatile.Write(ref _requester, requester);
    }

    /// <summary>The synchronizer of <paramref name="instrument"/>, null when its depth is not synchronized.</summary>
    public BinanceBookSynchronizer? GetBook(InstrumentId instrument)
    {
        foreach (BinanceInstrument entry in _books)
        {
            if (entry.Template.Instrument == instrument)
            {
                return entry.Book;
            }
        }

        return null;
    }

    /// <summary>The snapshot handoff of <paramref name="instrument"/>, null when its depth is not synchronized.</summary>
    public BinanceSnapshotHandoff? GetSnapshotHandoff(InstrumentId instrument)
    {
        foreach (BinanceInstrument entry in _books)
        {
            if (entry.Template.Instrument == instrument)
            {
                return entry.Handoff;
            }
        }

        return null;
    }

    /// <summary>
    /// Asks for every synchronized book to be discarded and rebuilt (a new connection: diffs in between are lost).
    /// Safe from any thread; done on the reader thread at the next <see cref="Decode{TSink}"/>, which publishes a
    /// BookResync for each book that was in sync. <see cref="BuildSubscriptionMessages"/> calls it.
    /// </summary>
    public void ResetBooks() => Volatile.Write(ref _resetRequested, 1);

    /// <inheritdoc />
    public int Decode<TSink>(in ReadOnlySequence<byte> message, MessageKind kind, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        int events = 0;
        if ((_books.Length != 0 && _signal.IsRaised) || Volatile.Read(ref _resetRequested) != 0)
        {
            events += ServiceBooks(receiveTimeNs, ref sink);
        }

        if (kind != MessageKind.Text)
        {
            Diagnostics.Report(ParseErrorReason.Garbage, "binary message on a Binance JSON stream", message, 0);
        }
        else if (message.IsEmpty)
        {
            Diagnostics.Report(ParseErrorReason.Truncated, "empty text message", message, 0);
        }
        else
        {
            events += DecodeJson(message, receiveTimeNs, ref sink);
        }

        Diagnostics.CountMessage(events);
        return events;
    }

    /// <summary>
    /// Applies snapshots that finished fetching (and pending book resets) without waiting for the next message.
    /// Reader thread only, like <see cref="Decode{TSink}"/>.
    /// </summary>
    /// <returns>Events published.</returns>
    public int ApplyReadySnapshots<TSink>(long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
        => _books.Length == 0 && Volatile.Read(ref _resetRequested) == 0 ? 0 : ServiceBooks(receiveTimeNs, ref sink);

    private int DecodeJson<TSink>(in ReadOnlySequence<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ReadOnlySpan<byte> json = Contiguous(message);
        var m = new BinanceMessage { Symbol = -1 };
        Parse(json, 0, json.Length, topLevel: true, ref m);

        if (!m.HasError && m.NeedsSymbol)
        {
            // A raw stream of a single symbol may omit it entirely (partial depth has no "s").
            if (m.Symbol < 0 && !m.StreamSymbolUnknown && _instruments.Length == 1)
            {
                m.Symbol = 0;
            }

            if (m.Symbol >= 0)
            {
                // A decimal came before the symbol was known: parse again with the scale now known.
                bool inData = m.Has(BinanceFields.Data);
                int start = (int)(inData ? m.DataStart : m.ObjectStart);
                int end = (int)(inData ? m.DataEnd : m.ObjectEnd);
                m.ResetPayload();
                Parse(json, start, end, topLevel: !inData, ref m);
            }
        }

        if (m.HasError)
        {
            Diagnostics.Report(m.Error, m.ErrorDetail ?? "malformed message", message, m.ErrorOffset);
            return 0;
        }

        return Emit(ref m, message, receiveTimeNs, ref sink);
    }

    /// <summary>
    /// The per-symbol state of <paramref name="subscription"/>: a synchronized book for diff-depth modes unless
    /// <paramref name="retired"/> (unsubscribed, kept only for data in flight). <paramref name="leftDiffStream"/>: the
    /// symbol's diff stream was unsubscribed, so diffs that still arrive are dropped (when it keeps no book).
    /// </summary>
    private BinanceInstrument CreateInstrument(Subscription subscription, bool leftDiffStream = false, bool retired = false)
    {
        if (subscription.Instrument.Feed != FeedKind.Binance)
        {
            ThrowHelper.ThrowArgument(nameof(subscription), "Subscription {0} has instrument {1}, not a Binance instrument.", subscription.Symbol, subscription.Instrument);
        }

        if (subscription.PriceDecimals > FixedPoint.MaxDecimals || subscription.QuantityDecimals > FixedPoint.MaxDecimals)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(subscription), "Subscription {0} has more than {1} decimals.", subscription.Symbol, FixedPoint.MaxDecimals);
        }

        var template = new EventHeader
        {
            Feed = FeedKind.Binance,
            PriceDecimals = subscription.PriceDecimals,
            QuantityDecimals = subscription.QuantityDecimals,
            SessionId = _options.SessionId,
            Instrument = subscription.Instrument,
        };

        if (retired || !_options.SynchronizeBooks || !UsesDiffDepth(subscription.Mode))
        {
            return new BinanceInstrument(subscription, template, null, null) { LeftDiffStream = leftDiffStream, Retired = retired };
        }

        var book = new BinanceBookSynchronizer(
            subscription.Instrument,
            subscription.PriceDecimals,
            subscription.QuantityDecimals,
            _options.SessionId,
            _options.BufferedDiffs,
            _options.BufferedLevels,
            _options.Slabs,
            Diagnostics);
        var snapshot = new BinanceDepthSnapshot(_options.SnapshotLimit, subscription.PriceDecimals, subscription.QuantityDecimals);
        string restSymbol = subscription.Symbol.ToUpperInvariant();
        var handoff = new BinanceSnapshotHandoff(restSymbol, subscription.Instrument, snapshot, _signal);
        return new BinanceInstrument(subscription, template, book, handoff);
    }

    private static void ValidateOptions(BinanceProtocolOptions options)
    {
        if (options.PartialDepthLevels is not (5 or 10 or 20))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "PartialDepthLevels must be 5, 10 or 20.");
        }

        if (options.SnapshotLimit is <= 0 or > BinanceStreamLimits.MaxSnapshotLimit)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "SnapshotLimit must be 1..{0}.", BinanceStreamLimits.MaxSnapshotLimit);
        }

        if (options.MaxLevelsPerSide <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "MaxLevelsPerSide must be positive.");
        }

        if (options.MaxStreamsPerRequest <= 0 || options.MaxStreamsPerRequest > BinanceStreamLimits.MaxStreamsPerConnection)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "MaxStreamsPerRequest must be 1..{0}.", BinanceStreamLimits.MaxStreamsPerConnection);
        }
    }

    private string DescribeErrorResponse(in ReadOnlySequence<byte> message, in BinanceMessage m)
    {
        string text = m.Has(BinanceFields.Message)
            ? Encoding.UTF8.GetString(message.Slice(m.MessageTextStart, m.MessageTextLength))
            : string.Empty;
        return $"code {m.ErrorCode}: {text} (request id {(m.Has(BinanceFields.Id) ? m.ControlId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")})";
    }
}
