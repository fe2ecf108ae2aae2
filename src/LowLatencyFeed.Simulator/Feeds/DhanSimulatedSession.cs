using System.Buffers;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// One Dhan main-feed connection. Subscribe codes 15/17/21 choose ticker/quote/full packets (unsubscribe = code + 1,
/// 12 drops everything); a bad request gets a disconnect packet with reason 814 (invalid request). Each update is one
/// binary message: the instrument's previous-close packet first after (re)subscription, then its packet(s) by mode —
/// ticker, quote plus OI for derivatives, full; index instruments (IDX_I) always get the 16-byte index packet.
/// No application heartbeat: Dhan relies on WebSocket pings.
/// </summary>
internal sealed class DhanSimulatedSession : ISimulatedFeedSession, ISimulatedFaultWriter
{
    private const int MaxMessageBytes = DhanPacketLayout.TickerLength + DhanPacketLayout.FullLength + DhanPacketLayout.OpenInterestLength;

    private readonly SimulatedSessionContext _context;
    private readonly HashSet<long> _prevCloseSent = [];

    public DhanSimulatedSession(SimulatedSessionContext context) => _context = context;

    /// <inheritdoc />
    public int MaxUpdatesPerFrame => 256;

    /// <inheritdoc />
    public void OnConnected(SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
    }

    /// <inheritdoc />
    public void OnClientMessage(ReadOnlySpan<byte> message, MessageKind kind, SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
        if (kind != MessageKind.Text || !DhanSimulatedRequest.TryParse(message, out DhanSimulatedRequest? request, out string error))
        {
            Reject(replies, kind == MessageKind.Text ? Encoding.UTF8.GetString(message) : "(binary)", kind == MessageKind.Text ? "unparsable request" : "binary requests are v1 only");
            return;
        }

        switch ((DhanRequestCode)request!.Code)
        {
            case DhanRequestCode.SubscribeTicker:
            case DhanRequestCode.SubscribeQuote:
            case DhanRequestCode.SubscribeFull:
                SubscriptionMode mode = (DhanRequestCode)request.Code switch
                {
                    DhanRequestCode.SubscribeTicker => SubscriptionMode.Ltp,
                    DhanRequestCode.SubscribeQuote => SubscriptionMode.Quote,
                    _ => SubscriptionMode.Full,
                };
                foreach (DhanInstrumentRef instrument in request.Instruments)
                {
                    subscriptions.Set(instrument.SecurityId, mode);
                    _prevCloseSent.Remove(instrument.SecurityId);
                }

                break;
            case DhanRequestCode.UnsubscribeTicker:
            case DhanRequestCode.UnsubscribeQuote:
            case DhanRequestCode.UnsubscribeFull:
                foreach (DhanInstrumentRef instrument in request.Instruments)
                {
                    subscriptions.Remove(instrument.SecurityId);
                }

                break;
            case DhanRequestCode.Disconnect:
                foreach ((long token, _) in subscriptions.Snapshot(out _))
                {
                    subscriptions.Remove(token);
                }

                break;
            default:
                Reject(replies, Encoding.UTF8.GetString(message), $"request code {request.Code} is not a v2 live-feed code");
                break;
        }
    }

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<SimulatedUpdate> updates, SimulatedFrameWriter frames)
    {
        for (int i = 0; i < updates.Length; i++)
        {
            ref readonly SimulatedUpdate update = ref updates[i];
            SimulatedInstrument instrument = update.Instrument;
            DhanExchangeSegment segment = SegmentOf(instrument);
            uint securityId = (uint)instrument.Token;
            IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
            Span<byte> buffer = output.GetSpan(MaxMessageBytes);
            int length = 0;
            if (_prevCloseSent.Add(instrument.Token))
            {
                length += DhanEncoder.WritePrevClose(buffer[length..], segment, securityId, in update.Tick);
                if (frames.IsCapturing)
                {
                    MarketEvent e = Header(instrument, EventKind.Tick, 0);
                    e.Tick.Close = Price(update.Tick.Tick.Close, instrument.PriceDecimals);
                    e.Tick.Fields = TickFields.Close;
                    frames.Sent(e);
                }
            }

            if (instrument.IsIndex)
            {
                // Indices carry no trade time; the index packet's time field is the update's exchange time.
                MarketEvent tick = update.Tick;
                tick.Tick.LastTradeTimeNs = tick.Header.ExchangeTimeNs;
                length += DhanEncoder.WriteIndex(buffer[length..], segment, securityId, in tick);
                ProjectTicker(instrument, in tick, frames);
            }
            else if (update.Mode == SubscriptionMode.Ltp)
            {
                length += DhanEncoder.WriteTicker(buffer[length..], segment, securityId, in update.Tick);
                ProjectTicker(instrument, in update.Tick, frames);
            }
            else if (update.Mode == SubscriptionMode.Quote)
            {
                length += DhanEncoder.WriteQuote(buffer[length..], segment, securityId, in update.Tick);
                ProjectTrade(instrument, in update.Tick, withOpenInterest: false, frames);
                if (instrument.StartOpenInterest > 0)
                {
                    length += DhanEncoder.WriteOpenInterest(buffer[length..], segment, securityId, in update.Tick);
                    if (frames.IsCapturing)
                    {
                        MarketEvent e = Header(instrument, EventKind.Tick, 0);
                        e.Tick.OpenInterest = update.Tick.Tick.OpenInterest;
                        e.Tick.Fields = TickFields.OpenInterest;
                        frames.Sent(e);
                    }
                }
            }
            else
            {
                ref readonly DepthPayload book = ref update.Depth.Depth;
                ReadOnlySpan<DepthLevel> levels = book.Levels;
                ReadOnlySpan<DepthLevel> bids = levels[..Math.Min((int)book.BidCount, DhanPacketLayout.DepthLevels)];
                ReadOnlySpan<DepthLevel> asks = levels.Slice(book.BidCount, Math.Min((int)book.AskCount, DhanPacketLayout.DepthLevels));
                length += DhanEncoder.WriteFull(buffer[length..], segment, securityId, in update.Tick, bids, asks);
                ProjectTrade(instrument, in update.Tick, withOpenInterest: true, frames);
                if (frames.IsCapturing)
                {
                    MarketEvent depth = Header(instrument, EventKind.Depth, WholeSeconds(update.Tick.Tick.LastTradeTimeNs));
                    depth.Depth.UpdateKind = DepthUpdateKind.Snapshot;
                    depth.Depth.SlabIndex = -1;
                    int n = 0;
                    foreach (DepthLevel level in bids)
                    {
                        depth.Depth.Levels[n++] = new DepthLevel(Price(level.Price, instrument.PriceDecimals), level.Quantity, level.Orders);
                    }

                    depth.Depth.BidCount = (ushort)n;
                    foreach (DepthLevel level in asks)
                    {
                        depth.Depth.Levels[n++] = new DepthLevel(Price(level.Price, instrument.PriceDecimals), level.Quantity, level.Orders);
                    }

                    depth.Depth.AskCount = (ushort)(n - depth.Depth.BidCount);
                    frames.Sent(depth);
                }
            }

            output.Advance(length);
            frames.EndFrame();
        }
    }

    /// <inheritdoc />
    public bool TryWriteHeartbeat(SimulatedFrameWriter frames) => false;

    /// <inheritdoc />
    public void WriteGarbage(ReadOnlySpan<byte> noise, SimulatedFrameWriter frames) =>
        SimulatedCorruption.WriteShortLengthPrefix(frames, noise, DhanPacketLayout.Length, DhanPacketLayout.HeaderLength);

    /// <inheritdoc />
    public int TruncatedLength(ReadOnlySpan<byte> message, MessageKind kind, ulong random) =>
        SimulatedCorruption.CutInsideFirstPacket(message, kind, DhanPacketLayout.Length, DhanPacketLayout.HeaderLength, random);

    /// <summary>The exchange segment byte of an instrument (<see cref="SimulatedInstrument.Segment"/>, NSE_EQ when empty).</summary>
    internal static DhanExchangeSegment SegmentOf(SimulatedInstrument instrument) =>
        DhanSegments.TryParse(instrument.Segment, out DhanExchangeSegment segment) ? segment : DhanExchangeSegment.NseEq;

    /// <summary>A price as the decoder sees it after the float32 trip (exact for every simulated price).</summary>
    internal static long Price(long mantissa, int decimals) => FixedPoint.FromDouble(DhanEncoder.ToSingle(mantissa, decimals), decimals);

    /// <summary>An event header as a Dhan decoder stamps it (no receive time or session: the client adds those).</summary>
    internal static MarketEvent Header(SimulatedInstrument instrument, EventKind kind, long exchangeTimeNs)
    {
        MarketEvent e = default;
        e.Header.Kind = kind;
        e.Header.Feed = FeedKind.Dhan;
        e.Header.PriceDecimals = instrument.PriceDecimals;
        e.Header.QuantityDecimals = instrument.QuantityDecimals;
        e.Header.Instrument = InstrumentId.From(FeedKind.Dhan, instrument.Token);
        EventFlags flags = SegmentOf(instrument) == DhanExchangeSegment.IdxI ? EventFlags.Index : EventFlags.None;
        e.Header.ExchangeTimeNs = exchangeTimeNs;
        e.Header.Flags = exchangeTimeNs != 0 ? flags : flags | EventFlags.ExchangeTimeFromReceive;
        return e;
    }

    private static void ProjectTicker(SimulatedInstrument instrument, in MarketEvent tick, SimulatedFrameWriter frames)
    {
        if (!frames.IsCapturing)
        {
            return;
        }

        long time = WholeSeconds(tick.Tick.LastTradeTimeNs);
        MarketEvent e = Header(instrument, EventKind.Tick, time);
        if (instrument.IsIndex)
        {
            e.Header.Flags |= EventFlags.Index;
        }

        e.Tick.LastPrice = Price(tick.Tick.LastPrice, instrument.PriceDecimals);
        e.Tick.LastTradeTimeNs = time;
        e.Tick.Fields = time != 0 ? TickFields.LastPrice | TickFields.LastTradeTime : TickFields.LastPrice;
        frames.Sent(e);
    }

    private static void ProjectTrade(SimulatedInstrument instrument, in MarketEvent tick, bool withOpenInterest, SimulatedFrameWriter frames)
    {
        if (!frames.IsCapturing)
        {
            return;
        }

        ref readonly TickPayload s = ref tick.Tick;
        int d = instrument.PriceDecimals;
        long time = WholeSeconds(s.LastTradeTimeNs);
        MarketEvent e = Header(instrument, EventKind.Tick, time);
        e.Tick.LastPrice = Price(s.LastPrice, d);
        e.Tick.LastQuantity = s.LastQuantity;
        e.Tick.LastTradeTimeNs = time;
        e.Tick.AveragePrice = Price(s.AveragePrice, d);
        e.Tick.CumulativeVolume = s.CumulativeVolume;
        e.Tick.TotalBuyQuantity = s.TotalBuyQuantity;
        e.Tick.TotalSellQuantity = s.TotalSellQuantity;
        e.Tick.Open = Price(s.Open, d);
        e.Tick.High = Price(s.High, d);
        e.Tick.Low = Price(s.Low, d);
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume
            | TickFields.TotalBuySell | TickFields.DayOhl | (time != 0 ? TickFields.LastTradeTime : TickFields.None);
        if (withOpenInterest)
        {
            e.Tick.OpenInterest = s.OpenInterest;
            e.Tick.Fields |= TickFields.OpenInterest;
        }

        frames.Sent(e);
    }

    private static long WholeSeconds(long unixNs) => unixNs / UnixTime.NanosPerSecond * UnixTime.NanosPerSecond;

    private void Reject(SimulatedFrameWriter replies, string request, string reason)
    {
        _context.Logger.LogWarning("Dhan simulator connection {Id}: rejected request {Request}: {Reason}", _context.ConnectionId, request, reason);
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Binary);
        output.Advance(DhanEncoder.WriteDisconnect(output.GetSpan(DhanPacketLayout.DisconnectLength), 814));
        replies.EndFrame();
    }
}
