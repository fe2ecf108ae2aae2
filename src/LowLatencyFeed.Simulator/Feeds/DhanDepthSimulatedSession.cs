using System.Buffers;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// One Dhan 20- or 200-level depth connection. Subscribe is code 23 (20-level: list form, up to 50 instruments;
/// 200-level: flat form, one instrument per connection, a new subscribe replaces the old); unsubscribe 24 (or 25);
/// a bad request gets a depth disconnect packet with reason 814. Each update is one binary message holding the
/// instrument's bid side packet then its ask side packet: the generator's five levels per side, extended to 20 (or
/// 200) levels one tick apart with quantities derived deterministically from the update.
/// </summary>
/// <remarks>
/// Captured events (<see cref="SimulatedFrameWriter.Sent"/>) cannot hold a slab: each side is recorded with its best
/// <see cref="InlineDepthLevels.Capacity"/> levels inline, while the client's event references all of them in its slab.
/// </remarks>
internal sealed class DhanDepthSimulatedSession : ISimulatedFeedSession, ISimulatedFaultWriter
{
    private const int MaxDepth20Instruments = 50;

    private readonly SimulatedSessionContext _context;
    private readonly bool _twoHundred;
    private readonly int _rows;
    private readonly DepthLevel[] _bids;
    private readonly DepthLevel[] _asks;
    private uint _sequence;

    public DhanDepthSimulatedSession(SimulatedSessionContext context, SubscriptionMode mode)
    {
        _context = context;
        _twoHundred = mode == SubscriptionMode.Depth200;
        _rows = _twoHundred ? DhanDepthLayout.MaxRows200 : DhanDepthLayout.Rows20;
        _bids = new DepthLevel[_rows];
        _asks = new DepthLevel[_rows];
    }

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
            Reject(replies, kind == MessageKind.Text ? Encoding.UTF8.GetString(message) : "(binary)", "unparsable request");
            return;
        }

        switch (request!.Code)
        {
            case (int)DhanRequestCode.SubscribeDepth:
                if (_twoHundred && request.Instruments.Count != 1)
                {
                    Reject(replies, Encoding.UTF8.GetString(message), "the 200-level feed takes exactly one instrument");
                    return;
                }

                if (!_twoHundred && subscriptions.Count + request.Instruments.Count > MaxDepth20Instruments)
                {
                    Reject(replies, Encoding.UTF8.GetString(message), $"more than {MaxDepth20Instruments} instruments on a 20-level connection");
                    return;
                }

                if (_twoHundred)
                {
                    RemoveAll(subscriptions);
                }

                foreach (DhanInstrumentRef instrument in request.Instruments)
                {
                    subscriptions.Set(instrument.SecurityId, _twoHundred ? SubscriptionMode.Depth200 : SubscriptionMode.Depth20);
                }

                break;
            case (int)DhanRequestCode.UnsubscribeDepth:
            case (int)DhanRequestCode.UnsubscribeDepth + 1:
                foreach (DhanInstrumentRef instrument in request.Instruments)
                {
                    subscriptions.Remove(instrument.SecurityId);
                }

                break;
            case (int)DhanRequestCode.Disconnect:
                RemoveAll(subscriptions);
                break;
            default:
                Reject(replies, Encoding.UTF8.GetString(message), $"request code {request.Code} is not a depth-feed code");
                break;
        }
    }

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<SimulatedUpdate> updates, SimulatedFrameWriter frames)
    {
        int sideBytes = _twoHundred ? DhanDepthEncoder.Side200Length(_rows) : DhanDepthLayout.Side20Length;
        for (int i = 0; i < updates.Length; i++)
        {
            ref readonly SimulatedUpdate update = ref updates[i];
            SimulatedInstrument instrument = update.Instrument;
            if (instrument.IsIndex || update.Depth.Header.Kind != EventKind.Depth)
            {
                continue; // depth feeds serve tradable NSE instruments only
            }

            int bidCount = Extend(update, bid: true, _bids);
            int askCount = Extend(update, bid: false, _asks);
            DhanExchangeSegment segment = DhanSimulatedSession.SegmentOf(instrument);
            IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
            Span<byte> buffer = output.GetSpan(2 * sideBytes);
            int length;
            uint sequence = _sequence++;
            if (_twoHundred)
            {
                length = DhanDepthEncoder.WriteSide200(buffer, true, segment, (uint)instrument.Token, _bids.AsSpan(0, bidCount), instrument.PriceDecimals, instrument.QuantityDecimals);
                length += DhanDepthEncoder.WriteSide200(buffer[length..], false, segment, (uint)instrument.Token, _asks.AsSpan(0, askCount), instrument.PriceDecimals, instrument.QuantityDecimals);
            }
            else
            {
                length = DhanDepthEncoder.WriteSide20(buffer, true, segment, (uint)instrument.Token, _bids.AsSpan(0, bidCount), instrument.PriceDecimals, sequence, instrument.QuantityDecimals);
                length += DhanDepthEncoder.WriteSide20(buffer[length..], false, segment, (uint)instrument.Token, _asks.AsSpan(0, askCount), instrument.PriceDecimals, sequence, instrument.QuantityDecimals);
            }

            output.Advance(length);
            frames.EndFrame();
            if (frames.IsCapturing)
            {
                frames.Sent(Side(instrument, DepthUpdateKind.BidSnapshot, _bids.AsSpan(0, bidCount)));
                frames.Sent(Side(instrument, DepthUpdateKind.AskSnapshot, _asks.AsSpan(0, askCount)));
            }
        }
    }

    /// <inheritdoc />
    public bool TryWriteHeartbeat(SimulatedFrameWriter frames) => false;

    /// <inheritdoc />
    public void WriteGarbage(ReadOnlySpan<byte> noise, SimulatedFrameWriter frames) =>
        SimulatedCorruption.WriteShortLengthPrefix(frames, noise, DhanDepthLayout.Length, DhanDepthLayout.HeaderLength);

    /// <inheritdoc />
    public int TruncatedLength(ReadOnlySpan<byte> message, MessageKind kind, ulong random) =>
        SimulatedCorruption.CutInsideFirstPacket(message, kind, DhanDepthLayout.Length, DhanDepthLayout.HeaderLength, random);

    private static MarketEvent Side(SimulatedInstrument instrument, DepthUpdateKind kind, ReadOnlySpan<DepthLevel> levels)
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Depth;
        e.Header.Feed = FeedKind.Dhan;
        e.Header.PriceDecimals = instrument.PriceDecimals;
        e.Header.QuantityDecimals = instrument.QuantityDecimals;
        e.Header.Instrument = InstrumentId.From(FeedKind.Dhan, instrument.Token);
        e.Header.Flags = EventFlags.ExchangeTimeFromReceive;
        e.Depth.UpdateKind = kind;
        e.Depth.SlabIndex = -1;
        int inline = Math.Min(levels.Length, InlineDepthLevels.Capacity);
        levels[..inline].CopyTo(e.Depth.Levels);
        if (kind == DepthUpdateKind.BidSnapshot)
        {
            e.Depth.BidCount = (ushort)inline;
        }
        else
        {
            e.Depth.AskCount = (ushort)inline;
        }

        return e;
    }

    /// <summary>The generator's five levels of one side, then further levels one tick apart down to a positive price.</summary>
    private int Extend(in SimulatedUpdate update, bool bid, DepthLevel[] destination)
    {
        ref readonly DepthPayload book = ref update.Depth.Depth;
        ReadOnlySpan<DepthLevel> inline = book.Levels;
        ReadOnlySpan<DepthLevel> given = bid ? inline[..book.BidCount] : inline.Slice(book.BidCount, book.AskCount);
        SimulatedInstrument instrument = update.Instrument;
        int n = 0;
        foreach (DepthLevel level in given)
        {
            destination[n++] = level;
        }

        long last = n > 0 ? destination[n - 1].Price : update.Tick.Tick.LastPrice;
        ulong mix = (ulong)update.Tick.Header.ExchangeTimeNs ^ ((ulong)instrument.Token * 0x9E3779B97F4A7C15UL);
        while (n < destination.Length)
        {
            last = bid ? last - instrument.TickSize : last + instrument.TickSize;
            if (last <= 0)
            {
                break;
            }

            mix = (mix * 6364136223846793005UL) + 1442695040888963407UL;
            destination[n++] = new DepthLevel(last, (long)(1 + ((mix >> 33) % 2000)) * instrument.LotSize, 1 + (int)((mix >> 20) % 20));
        }

        return n;
    }

    private static void RemoveAll(SimulatedSubscriptions subscriptions)
    {
        foreach ((long token, _) in subscriptions.Snapshot(out _))
        {
            subscriptions.Remove(token);
        }
    }

    private void Reject(SimulatedFrameWriter replies, string request, string reason)
    {
        _context.Logger.LogWarning("Dhan depth simulator connection {Id}: rejected request {Request}: {Reason}", _context.ConnectionId, request, reason);
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Binary);
        output.Advance(DhanDepthEncoder.WriteDisconnect(output.GetSpan(DhanDepthLayout.DisconnectLength), 814));
        replies.EndFrame();
    }
}
