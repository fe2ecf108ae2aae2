using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// One Kite connection: <c>subscribe</c> streams tokens in quote mode, <c>mode</c> changes the packet size of
/// subscribed tokens, <c>unsubscribe</c> stops them; a bad request gets <c>{"type":"error","data":...}</c> as the real
/// server answers. Data frames mix packets of every subscribed mode; idle periods get 1-byte heartbeats.
/// </summary>
internal sealed class KiteSimulatedSession : ISimulatedFeedSession, ISimulatedFaultWriter
{
    /// <summary>The frame's packet count and the first packet's length prefix.</summary>
    private const int FramePrefixBytes = 4;

    private readonly SimulatedSessionContext _context;

    public KiteSimulatedSession(SimulatedSessionContext context) => _context = context;

    /// <inheritdoc />
    public int MaxUpdatesPerFrame => ushort.MaxValue;

    /// <inheritdoc />
    public void OnConnected(SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
    }

    /// <inheritdoc />
    public void OnClientMessage(ReadOnlySpan<byte> message, MessageKind kind, SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
        if (kind != MessageKind.Text)
        {
            WriteError(replies, "binary requests are not supported; send JSON text");
            return;
        }

        if (!KiteRequestParser.TryParse(message, out KiteRequest? request, out string? error))
        {
            _context.Logger.LogWarning("Kite simulator connection {Id}: rejected request {Request}: {Error}", _context.ConnectionId, Encoding.UTF8.GetString(message), error);
            WriteError(replies, error);
            return;
        }

        foreach (long token in request.Tokens)
        {
            switch (request.Action)
            {
                case KiteRequestAction.Subscribe:
                    subscriptions.Add(token, ToSubscriptionMode(KiteModes.AfterSubscribe));
                    break;
                case KiteRequestAction.Unsubscribe:
                    subscriptions.Remove(token);
                    break;
                default:
                    subscriptions.SetMode(token, ToSubscriptionMode(request.Mode!.Value));
                    break;
            }
        }
    }

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<SimulatedUpdate> updates, SimulatedFrameWriter frames)
    {
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
        var writer = new KiteFrameWriter(output.GetSpan(KiteEncoder.MaxFrameLength(updates.Length)));
        for (int i = 0; i < updates.Length; i++)
        {
            ref readonly SimulatedUpdate update = ref updates[i];
            KiteMode mode = KiteModes.FromSubscription(update.Mode);
            writer.TryAppend(update.Tick, update.Depth, mode);
            if (frames.IsCapturing)
            {
                Project(update, mode, frames);
            }
        }

        output.Advance(writer.Length);
        frames.EndFrame();
    }

    /// <inheritdoc />
    public bool TryWriteHeartbeat(SimulatedFrameWriter frames)
    {
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
        output.Advance(KiteEncoder.WriteHeartbeat(output.GetSpan(KiteEncoder.HeartbeatLength)));
        frames.EndFrame();
        return true;
    }

    /// <summary>
    /// A packet count, then a first length prefix that no Kite packet has and that runs past the message: the decoder
    /// reports BadLengthPrefix and cannot read further. The noise follows as the "packet".
    /// </summary>
    public void WriteGarbage(ReadOnlySpan<byte> noise, SimulatedFrameWriter frames)
    {
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
        Span<byte> message = output.GetSpan(FramePrefixBytes + noise.Length);
        BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(noise) | 1));
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], (ushort)(0xFF00 | noise[2]));
        noise.CopyTo(message[FramePrefixBytes..]);
        output.Advance(FramePrefixBytes + noise.Length);
        frames.EndFrame();
    }

    /// <summary>A cut inside the first packet after its length prefix: a known packet size with too few bytes (Truncated).</summary>
    public int TruncatedLength(ReadOnlySpan<byte> message, MessageKind kind, ulong random)
    {
        if (kind != MessageKind.Binary || message.Length < FramePrefixBytes)
        {
            return 0;
        }

        int first = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if (first < 2 || FramePrefixBytes + first > message.Length)
        {
            return 0;
        }

        return FramePrefixBytes + 1 + (int)(random % (ulong)(first - 1));
    }

    /// <summary>
    /// The events a correct Kite decoder produces from the packet of <paramref name="update"/> in <paramref name="mode"/>,
    /// written from the wire layout (Kite/README.md §5–§7), not from the decoder: prices at the segment's divisor, only the
    /// fields the packet carries, exchange time in whole seconds (absent for ltp/quote packets), depth 5+5 for full.
    /// </summary>
    internal static void Project(in SimulatedUpdate update, KiteMode mode, SimulatedFrameWriter frames)
    {
        ref readonly MarketEvent source = ref update.Tick;
        long token = source.Header.Instrument.Token;
        KiteSegments.TryGetPriceDecimals(KiteSegments.Of(token), out byte wireDecimals);
        int from = source.Header.PriceDecimals;
        bool index = KiteEncoder.IsIndex(source);

        MarketEvent tick = default;
        tick.Header.Kind = EventKind.Tick;
        tick.Header.Feed = FeedKind.Kite;
        tick.Header.PriceDecimals = wireDecimals;
        tick.Header.Instrument = source.Header.Instrument;

        // LTP packets have one layout for all segments, so only the token's segment can mark an index there.
        bool flaggedIndex = mode == KiteMode.Ltp ? KiteSegments.IsIndex(KiteSegments.Of(token)) : index;
        tick.Header.Flags = flaggedIndex ? EventFlags.Index : EventFlags.None;
        bool timestamped = mode == KiteMode.Full;
        if (timestamped)
        {
            tick.Header.ExchangeTimeNs = WholeSeconds(source.Header.ExchangeTimeNs);
        }
        else
        {
            tick.Header.Flags |= EventFlags.ExchangeTimeFromReceive;
        }

        ref TickPayload t = ref tick.Tick;
        ref readonly TickPayload s = ref source.Tick;
        t.LastPrice = Price(s.LastPrice, from, wireDecimals);
        if (mode == KiteMode.Ltp)
        {
            t.Fields = TickFields.LastPrice;
            frames.Sent(tick);
            return;
        }

        t.Open = Price(s.Open, from, wireDecimals);
        t.High = Price(s.High, from, wireDecimals);
        t.Low = Price(s.Low, from, wireDecimals);
        t.Close = Price(s.Close, from, wireDecimals);
        if (index)
        {
            t.NetChange = Price(s.NetChange, from, wireDecimals);
            t.Fields = TickFields.LastPrice | TickFields.DayOhl | TickFields.Close | TickFields.NetChange;
            frames.Sent(tick);
            return;
        }

        t.LastQuantity = s.LastQuantity;
        t.AveragePrice = Price(s.AveragePrice, from, wireDecimals);
        t.CumulativeVolume = s.CumulativeVolume;
        t.TotalBuyQuantity = s.TotalBuyQuantity;
        t.TotalSellQuantity = s.TotalSellQuantity;
        t.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume
            | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.Close;
        if (mode == KiteMode.Quote)
        {
            frames.Sent(tick);
            return;
        }

        t.OpenInterest = s.OpenInterest;
        t.Fields |= TickFields.OpenInterest;
        if ((s.Fields & TickFields.LastTradeTime) != 0 && s.LastTradeTimeNs >= UnixTime.NanosPerSecond)
        {
            t.LastTradeTimeNs = WholeSeconds(s.LastTradeTimeNs);
            t.Fields |= TickFields.LastTradeTime;
        }

        frames.Sent(tick);

        MarketEvent depth = default;
        depth.Header = tick.Header;
        depth.Header.Kind = EventKind.Depth;
        depth.Depth.UpdateKind = DepthUpdateKind.Snapshot;
        depth.Depth.BidCount = KitePacketLayout.DepthLevelsPerSide;
        depth.Depth.AskCount = KitePacketLayout.DepthLevelsPerSide;
        depth.Depth.SlabIndex = -1;
        ref readonly DepthPayload book = ref update.Depth.Depth;
        if (update.Depth.Header.Kind == EventKind.Depth)
        {
            int bids = Math.Min((int)book.BidCount, KitePacketLayout.DepthLevelsPerSide);
            int asks = Math.Min((int)book.AskCount, KitePacketLayout.DepthLevelsPerSide);
            for (int i = 0; i < bids; i++)
            {
                depth.Depth.Levels[i] = Level(book.Levels[i], from, wireDecimals);
            }

            for (int i = 0; i < asks; i++)
            {
                depth.Depth.Levels[KitePacketLayout.DepthLevelsPerSide + i] = Level(book.Levels[book.BidCount + i], from, wireDecimals);
            }
        }

        frames.Sent(depth);
    }

    private static DepthLevel Level(in DepthLevel level, int from, byte wireDecimals) =>
        new(Price(level.Price, from, wireDecimals), level.Quantity, level.Orders);

    private static long Price(long mantissa, int from, byte wireDecimals) => FixedPoint.Rescale(mantissa, from, wireDecimals);

    private static long WholeSeconds(long unixNs) => unixNs / UnixTime.NanosPerSecond * UnixTime.NanosPerSecond;

    private static SubscriptionMode ToSubscriptionMode(KiteMode mode) => mode switch
    {
        KiteMode.Ltp => SubscriptionMode.Ltp,
        KiteMode.Quote => SubscriptionMode.Quote,
        _ => SubscriptionMode.Full,
    };

    private static void WriteError(SimulatedFrameWriter replies, string message)
    {
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Text);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "error");
            json.WriteString("data"u8, message);
            json.WriteEndObject();
        }

        replies.EndFrame();
    }
}
