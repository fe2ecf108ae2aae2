using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using L = LowLatencyFeed.Protocols.Dhan.DhanDepthLayout;
using W = LowLatencyFeed.Protocols.Dhan.DhanWire;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>
/// Dhan's 20- and 200-level full market depth feeds (Dhan/README.md §6): one bid or ask side per packet, 12-byte header with
/// the length first, float64 prices. Each side packet becomes one <see cref="EventKind.Depth"/> event
/// (<see cref="DepthUpdateKind.BidSnapshot"/> or <see cref="DepthUpdateKind.AskSnapshot"/>) with its levels sorted best
/// first; sides deeper than the inline capacity go into a <see cref="DepthSlabPool"/> slab. One instance per connection.
/// </summary>
public sealed partial class DhanDepthProtocol : IFeedProtocol
{

    private readonly DhanFeedOptions _options;
    private readonly DepthSlabPool _slabs;
    private readonly ILogger _logger;
    private readonly bool _rowsInHeader;
    private DhanInstrumentTable _instruments;
    private readonly MessageScratch _scratch = new();
    private long _disconnects;
    private int _lastDisconnectReason;

    /// <summary>Creates the decoder for one depth connection.</summary>
    /// <param name="mode"><see cref="SubscriptionMode.Depth20"/> or <see cref="SubscriptionMode.Depth200"/>.</param>
    /// <param name="slabs">Where sides deeper than <see cref="InlineDepthLevels.Capacity"/> levels go; at least 20 (or 200) levels per side.</param>
    /// <param name="options">Session id and unknown-instrument policy; defaults when null.</param>
    /// <param name="subscriptions">Instruments known up front (also refreshed by <see cref="BuildSubscriptionMessages"/>).</param>
    /// <param name="diagnostics">Error counters; a new <c>dhan-depth#session</c> instance when null.</param>
    /// <param name="logger">Logs server disconnects.</param>
    public DhanDepthProtocol(SubscriptionMode mode, DepthSlabPool slabs, DhanFeedOptions? options = null, IEnumerable<Subscription>? subscriptions = null, FeedDiagnostics? diagnostics = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(slabs);
        if (mode is not (SubscriptionMode.Depth20 or SubscriptionMode.Depth200))
        {
            throw new ArgumentException($"Dhan depth feeds are Depth20 or Depth200, not {mode}.", nameof(mode));
        }

        int rows = mode == SubscriptionMode.Depth20 ? L.Rows20 : L.MaxRows200;
        if (slabs.LevelsPerSide < rows)
        {
            throw new ArgumentException($"The slab pool holds {slabs.LevelsPerSide} levels per side; the {mode} feed needs {rows}.", nameof(slabs));
        }

        Mode = mode;
        _rowsInHeader = mode == SubscriptionMode.Depth200;
        _slabs = slabs;
        _options = options ?? new DhanFeedOptions();
        _logger = logger ?? NullLogger.Instance;
        Diagnostics = diagnostics ?? new FeedDiagnostics($"dhan-depth#{_options.SessionId}", logger);
        _instruments = DhanInstrumentTable.Build(subscriptions);
    }

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Dhan;

    /// <inheritdoc />
    public FeedDiagnostics Diagnostics { get; }

    /// <summary>20- or 200-level.</summary>
    public SubscriptionMode Mode { get; }

    /// <summary>The pool holding deep sides; consumers resolve <see cref="DepthPayload.SlabIndex"/> through it.</summary>
    public DepthSlabPool Slabs => _slabs;

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
        int events = 0;
        if (kind == MessageKind.Text)
        {
            Diagnostics.Report(ParseErrorReason.Garbage, "text message on the Dhan depth feed, which sends binary packets only; ignored", message, 0);
        }
        else if (message.IsEmpty)
        {
            Diagnostics.Report(ParseErrorReason.Truncated, "empty binary message", message, 0);
        }
        else
        {
            events = DecodeBinary(message, receiveTimeNs, ref sink);
        }

        Diagnostics.CountMessage(events);
        return events;
    }

    /// <summary>
    /// The subscribe request for this connection's mode (RequestCode 23): 20-level in list form (at most 50
    /// instruments per connection), 200-level in flat form (one instrument per connection). Subscriptions of other
    /// modes are left out. Cold path.
    /// </summary>
    public IReadOnlyList<OutgoingMessage> BuildSubscriptionMessages(IReadOnlyList<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var mine = new List<Subscription>();
        var refs = new List<DhanInstrumentRef>();
        foreach (Subscription s in subscriptions)
        {
            if (s.Mode == Mode)
            {
                mine.Add(s);
                refs.Add(new DhanInstrumentRef(DhanSubscriptions.Segment(s), DhanSubscriptions.SecurityId(s)));
            }
        }

        var messages = new List<OutgoingMessage>();
        if (_rowsInHeader)
        {
            if (refs.Count > 1)
            {
                throw new ArgumentException($"The Dhan 200-level feed takes one instrument per connection; {refs.Count} were given.", nameof(subscriptions));
            }

            if (refs.Count == 1)
            {
                messages.Add(new OutgoingMessage(DhanRequestWriter.FlatRequest(DhanRequestCode.SubscribeDepth, refs[0]), MessageKind.Text));
            }
        }
        else
        {
            if (refs.Count > DhanRequestWriter.MaxDepth20Instruments)
            {
                throw new ArgumentException($"The Dhan 20-level feed takes at most {DhanRequestWriter.MaxDepth20Instruments} instruments per connection; {refs.Count} were given.", nameof(subscriptions));
            }

            foreach (byte[] payload in DhanRequestWriter.ListRequests(DhanRequestCode.SubscribeDepth, refs, DhanRequestWriter.MaxDepth20Instruments))
            {
                messages.Add(new OutgoingMessage(payload, MessageKind.Text));
            }
        }

        Volatile.Write(ref _instruments, DhanInstrumentTable.Build(mine));
        return messages;
    }

    private int DecodeBinary<TSink>(ReadOnlySpan<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ref byte start = ref MemoryMarshal.GetReference(message);
        int events = 0;
        int offset = 0;
        while (message.Length - offset >= L.HeaderLength)
        {
            ref byte p = ref Unsafe.Add(ref start, offset);
            int length = W.ReadUInt16(ref p, L.Length);
            int remaining = message.Length - offset;
            if (length < L.HeaderLength || length > remaining)
            {
                ReportBadLength(message, offset, length, remaining);
                return events;
            }

            byte code = Unsafe.Add(ref p, L.Code);
            if (code is (byte)DhanResponseCode.DepthBid or (byte)DhanResponseCode.DepthAsk)
            {
                events += DecodeSide(ref p, length, code == (byte)DhanResponseCode.DepthBid, message, offset, receiveTimeNs, ref sink);
            }
            else if (code == (byte)DhanResponseCode.Disconnect)
            {
                events += PublishDisconnect(ref p, length, receiveTimeNs, ref sink);
            }
            else
            {
                ReportUnknownCode(message, offset, code, length);
            }

            offset += length;
        }

        if (offset < message.Length)
        {
            Diagnostics.Report(ParseErrorReason.Truncated, $"{message.Length - offset} trailing byte(s) are shorter than a depth header; ignored", message, offset);
        }

        return events;
    }

    private int DecodeSide<TSink>(ref byte p, int length, bool bid, ReadOnlySpan<byte> message, int offset, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        int bodyRows = (length - L.HeaderLength) / L.RowLength;
        uint sequenceOrRows = W.ReadUInt32(ref p, L.SequenceOrRows);
        int rows;
        if (_rowsInHeader)
        {
            // 200-level: the header counts the rows; the length only bounds them.
            if (sequenceOrRows > (uint)bodyRows)
            {
                ReportRows(message, offset, sequenceOrRows, length);
                return 0;
            }

            rows = (int)sequenceOrRows;
        }
        else
        {
            if ((length - L.HeaderLength) % L.RowLength != 0)
            {
                Diagnostics.Report(ParseErrorReason.UnknownPacketLength, $"depth side of {length} bytes is not the 12-byte header plus whole 16-byte rows; skipped", message, offset);
                return 0;
            }

            rows = bodyRows;
        }

        if (rows > _slabs.LevelsPerSide)
        {
            Diagnostics.Report(ParseErrorReason.InvalidValue, $"depth side has {rows} rows, more than the {_slabs.LevelsPerSide} a slab side holds; skipped", message, offset);
            return 0;
        }

        byte segment = Unsafe.Add(ref p, L.Segment);
        uint securityId = W.ReadUInt32(ref p, L.SecurityId);
        if (!_instruments.TryResolve(segment, securityId, _options, out DhanInstrument instrument))
        {
            Diagnostics.Report(ParseErrorReason.UnknownInstrument, $"depth for security {securityId} of segment {segment} is not subscribed; skipped", message, offset);
            return 0;
        }

        ref byte firstRow = ref Unsafe.Add(ref p, L.HeaderLength);
        for (int i = 0; i < rows; i++)
        {
            if (!(Math.Abs(W.ReadDouble(ref firstRow, (i * L.RowLength) + L.RowPrice)) < instrument.PriceLimit))
            {
                Diagnostics.Report(ParseErrorReason.BadNumber, $"depth row {i} has a price that is NaN, infinite or too large for the instrument's decimals; side skipped", message, offset + L.HeaderLength + (i * L.RowLength));
                return 0;
            }
        }

        ref MarketEvent e = ref sink.Claim();
        ref EventHeader h = ref e.Header;
        h.Kind = EventKind.Depth;
        h.Feed = FeedKind.Dhan;
        h.PriceDecimals = instrument.PriceDecimals;
        h.QuantityDecimals = instrument.QuantityDecimals;
        h.Flags = EventFlags.ExchangeTimeFromReceive;
        h.SessionId = _options.SessionId;
        h.Instrument = instrument.Id;
        h.ExchangeTimeNs = receiveTimeNs;
        h.ReceiveTimeNs = receiveTimeNs;

        int slab = -1;
        Span<DepthLevel> levels;
        if (rows <= InlineDepthLevels.Capacity)
        {
            levels = e.Depth.Levels;
        }
        else
        {
            slab = _slabs.Claim();
            levels = bid ? _slabs.WritableBids(slab) : _slabs.WritableAsks(slab);
            _slabs.Metadata(slab).Tag = _rowsInHeader ? 0 : sequenceOrRows;
        }

        int count = ReadRows(ref firstRow, rows, levels, in instrument);
        levels = levels[..count];
        if (bid)
        {
            DepthRowOrder.BestFirst(levels, bids: true);
            e.Depth.UpdateKind = DepthUpdateKind.BidSnapshot;
            e.Depth.BidCount = (ushort)count;
        }
        else
        {
            DepthRowOrder.BestFirst(levels, bids: false);
            e.Depth.UpdateKind = DepthUpdateKind.AskSnapshot;
            e.Depth.AskCount = (ushort)count;
        }

        e.Depth.SlabIndex = slab;
        sink.Publish();
        if (slab >= 0)
        {
            // The publisher stamps the slot's sequence; from here the slab is released once every consumer passes it.
            _slabs.Commit(slab, e.Header.Sequence);
        }

        return 1;
    }

    /// <summary>Copies the rows with a non-zero price (zero rows are padding) and returns how many were kept.</summary>
    private static int ReadRows(ref byte firstRow, int rows, Span<DepthLevel> destination, in DhanInstrument instrument)
    {
        long qty = instrument.QuantityScale;
        int n = 0;
        for (int i = 0; i < rows; i++)
        {
            ref byte row = ref Unsafe.Add(ref firstRow, i * L.RowLength);
            double price = W.ReadDouble(ref row, L.RowPrice);
            if (price == 0)
            {
                continue;
            }

            uint orders = W.ReadUInt32(ref row, L.RowOrders);
            destination[n++] = new DepthLevel(
                FixedPoint.FromDouble(price, instrument.PriceDecimals),
                W.ReadUInt32(ref row, L.RowQuantity) * qty,
                orders > int.MaxValue ? int.MaxValue : (int)orders);
        }

        return n;
    }

    private int PublishDisconnect<TSink>(ref byte p, int length, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        // Docs: int16 reason after the header; DhanHQ-py reads the uint32 at 8 instead. Take whichever the length allows.
        int reason = length >= L.DisconnectLength ? W.ReadInt16(ref p, L.DisconnectReason) : W.ReadInt32(ref p, L.SequenceOrRows);
        Volatile.Write(ref _lastDisconnectReason, reason);
        Volatile.Write(ref _disconnects, _disconnects + 1);
        ProtocolLog.ServerDisconnect(_logger, Diagnostics.Source, reason, DhanDisconnectReasons.Describe(reason));

        ref MarketEvent e = ref sink.Claim();
        e.Header.Kind = EventKind.Control;
        e.Header.Feed = FeedKind.Dhan;
        e.Header.SessionId = _options.SessionId;
        e.Header.Flags = EventFlags.ExchangeTimeFromReceive;
        e.Header.ExchangeTimeNs = receiveTimeNs;
        e.Header.ReceiveTimeNs = receiveTimeNs;
        e.Control.Code = ControlCode.ServerDisconnect;
        e.Control.Reason = reason;
        sink.Publish();
        return 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportBadLength(ReadOnlySpan<byte> message, int offset, int length, int remaining)
    {
        if (length < L.HeaderLength)
        {
            Diagnostics.Report(ParseErrorReason.BadLengthPrefix, $"depth packet length {length} is shorter than the {L.HeaderLength}-byte header; the remaining {remaining} byte(s) are dropped", message, offset);
        }
        else
        {
            Diagnostics.Report(ParseErrorReason.Truncated, $"depth packet declares {length} bytes but only {remaining} remain; dropped", message, offset);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportRows(ReadOnlySpan<byte> message, int offset, uint rows, int length) =>
        Diagnostics.Report(ParseErrorReason.BadLengthPrefix, $"200-level side declares {rows} rows but its {length}-byte packet holds {(length - L.HeaderLength) / L.RowLength}; skipped", message, offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownCode(ReadOnlySpan<byte> message, int offset, byte code, int length) =>
        Diagnostics.Report(ParseErrorReason.UnknownMessageCode, $"depth response code {code} is not 41 (bid), 51 (ask) or 50 (disconnect); {length} byte(s) skipped", message, offset);
}
