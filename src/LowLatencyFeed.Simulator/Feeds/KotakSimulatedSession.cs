using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// One SFeed connection. The auth frame is answered with message code 1119 and the exchange map (dividers: 100, and
/// 10^7 for the currency segments); subscribe events are acknowledged with code 1109 and their trading symbols;
/// <c>subscribeExchange</c> gets a market-open and a market-status packet. Updates are batched into one binary frame:
/// scrips_lite → mini touch line, scrips → touch line (1 + 1 rows), depth → level 8 (5 + 5 rows), full depth → level 16
/// (20 + 20 rows, the generator's five extended one tick apart), indices → index packets.
/// </summary>
/// <remarks>
/// Captured level-16 depth carries the best five levels per side inline; the client's event holds all 20 in its slab.
/// The real server's reply to a malformed request is undocumented; this one answers <c>{"message_code":0,"error":...}</c>.
/// </remarks>
internal sealed class KotakSimulatedSession : ISimulatedFeedSession, ISimulatedFaultWriter
{
    private const int FullDepthRows = 20;
    private const int MaxPacketBytes = 144 + (2 * FullDepthRows * 16);

    private static readonly (string Name, byte Id, long Divider)[] s_exchanges =
    [
        ("nse_cm", 1, 100), ("nse_fo", 2, 100), ("cde_fo", 3, 10_000_000), ("nse_com", 4, 100), ("bse_cm", 5, 100),
        ("bse_fo", 6, 100), ("bse_cd", 7, 10_000_000), ("bse_co", 8, 100), ("mcx_fo", 9, 100), ("ncd_co", 10, 100),
    ];

    private readonly SimulatedSessionContext _context;
    private readonly DepthLevel[] _bids = new DepthLevel[FullDepthRows];
    private readonly DepthLevel[] _asks = new DepthLevel[FullDepthRows];

    public KotakSimulatedSession(SimulatedSessionContext context) => _context = context;

    /// <inheritdoc />
    public int MaxUpdatesPerFrame => 256;

    /// <inheritdoc />
    public void OnConnected(SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
    }

    /// <inheritdoc />
    public void OnClientMessage(ReadOnlySpan<byte> message, MessageKind kind, SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
        string text = kind == MessageKind.Text ? Encoding.UTF8.GetString(message) : Convert.ToHexString(message);
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("auth", out JsonElement auth))
            {
                // The session token is checked here, not at the handshake: an expired or revoked one ends the connection.
                string sessionToken = auth.ValueKind == JsonValueKind.String ? auth.GetString()! : string.Empty;
                _context.PresentToken(sessionToken);
                if (_context.IsTokenRevoked(sessionToken))
                {
                    _context.RefuseToken(Rest.SimulatedTokenRefusal.KotakRefusedCloseText);
                    return;
                }

                replies.WriteFrame(KotakSimulatedSession.AuthResponse(), MessageKind.Text);
                return;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out JsonElement eventElement) || eventElement.ValueKind != JsonValueKind.String)
            {
                Reject(replies, text, "frame has neither auth nor event");
                return;
            }

            string name = eventElement.GetString()!;
            if (name == KotakFeedEvents.SubscribeExchange)
            {
                WriteExchangeStatus(replies);
                return;
            }

            if (name == KotakFeedEvents.UnsubscribeExchange)
            {
                return;
            }

            if (!TryMode(name, out SubscriptionMode mode, out bool subscribe))
            {
                Reject(replies, text, $"unknown event '{name}'");
                return;
            }

            string tokens = root.TryGetProperty("inputtoken", out JsonElement input) && input.ValueKind == JsonValueKind.String ? input.GetString()! : string.Empty;
            var acknowledged = new List<(string, string)>();
            foreach (string scrip in tokens.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!TryToken(scrip, out long token))
                {
                    _context.Logger.LogWarning("Kotak simulator connection {Id}: '{Scrip}' names no simulated instrument", _context.ConnectionId, scrip);
                    continue;
                }

                if (subscribe)
                {
                    subscriptions.Set(token, mode);
                    acknowledged.Add((scrip, TradingSymbol(scrip)));
                }
                else
                {
                    subscriptions.Remove(token);
                }
            }

            if (subscribe)
            {
                replies.WriteFrame(KotakSFeedEncoder.SubscribeAck(acknowledged), MessageKind.Text);
            }
        }
        catch (JsonException ex)
        {
            Reject(replies, text, ex.Message);
        }
    }

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<SimulatedUpdate> updates, SimulatedFrameWriter frames)
    {
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
        for (int i = 0; i < updates.Length; i++)
        {
            ref readonly SimulatedUpdate update = ref updates[i];
            SimulatedInstrument instrument = update.Instrument;
            (string segment, string token) = KotakSubscriptions.Split(Scrip(instrument));
            (byte exchangeId, long divider) = Exchange(segment);
            Span<byte> buffer = output.GetSpan(MaxPacketBytes);
            MarketEvent tick = update.Tick;
            if (instrument.IsIndex)
            {
                tick.Tick.LastTradeTimeNs = tick.Header.ExchangeTimeNs;
                output.Advance(KotakSFeedEncoder.WriteIndex(buffer, exchangeId, (uint)instrument.Token, token, in tick, divider));
                ProjectIndex(instrument, in tick, divider, frames);
                continue;
            }

            tick.Tick.NetChange = tick.Tick.LastPrice - tick.Tick.Close;
            if (update.Mode == SubscriptionMode.Ltp)
            {
                output.Advance(KotakSFeedEncoder.WriteMiniTouchLine(buffer, exchangeId, (uint)instrument.Token, in tick, divider));
                ProjectMini(instrument, in tick, divider, frames);
                continue;
            }

            (KotakLevel level, int rows) = update.Mode switch
            {
                SubscriptionMode.Quote => (KotakLevel.TouchLine, 1),
                SubscriptionMode.Full => (KotakLevel.Depth, 5),
                _ => (KotakLevel.FullDepth, FullDepthRows),
            };
            int bids = Extend(update, bid: true, _bids, rows);
            int asks = Extend(update, bid: false, _asks, rows);
            output.Advance(KotakSFeedEncoder.WriteMarketPicture(buffer, level, exchangeId, (uint)instrument.Token, in tick, _bids.AsSpan(0, bids), _asks.AsSpan(0, asks), divider));
            ProjectMarketPicture(instrument, in tick, level, _bids.AsSpan(0, bids), _asks.AsSpan(0, asks), divider, frames);
        }

        frames.EndFrame();
    }

    /// <inheritdoc />
    public bool TryWriteHeartbeat(SimulatedFrameWriter frames) => false;

    /// <inheritdoc />
    public void WriteGarbage(ReadOnlySpan<byte> noise, SimulatedFrameWriter frames) =>
        SimulatedCorruption.WriteShortLengthPrefix(frames, noise, KotakSFeedLayout.Length, KotakSFeedLayout.HeaderLength);

    /// <inheritdoc />
    public int TruncatedLength(ReadOnlySpan<byte> message, MessageKind kind, ulong random) =>
        SimulatedCorruption.CutInsideFirstPacket(message, kind, KotakSFeedLayout.Length, KotakSFeedLayout.HeaderLength, random);

    /// <summary>The auth response this simulator sends: code 1119, native_batch, every exchange with its divider.</summary>
    internal static byte[] AuthResponse() => KotakSFeedEncoder.AuthResponse(s_exchanges);

    private static bool TryMode(string name, out SubscriptionMode mode, out bool subscribe)
    {
        (mode, subscribe) = name switch
        {
            KotakFeedEvents.SubscribeScripsLite => (SubscriptionMode.Ltp, true),
            KotakFeedEvents.SubscribeScrips => (SubscriptionMode.Quote, true),
            KotakFeedEvents.SubscribeIndices => (SubscriptionMode.Quote, true),
            KotakFeedEvents.SubscribeDepth => (SubscriptionMode.Full, true),
            KotakFeedEvents.SubscribeFullDepth => (SubscriptionMode.Depth20, true),
            KotakFeedEvents.UnsubscribeScripsLite or KotakFeedEvents.UnsubscribeScrips or KotakFeedEvents.UnsubscribeIndices
                or KotakFeedEvents.UnsubscribeDepth or KotakFeedEvents.UnsubscribeFullDepth => (SubscriptionMode.Ltp, false),
            _ => ((SubscriptionMode)255, false),
        };
        return mode != (SubscriptionMode)255;
    }

    /// <summary>A scrip string → simulated token: by the instrument's scrip, else the numeric token part.</summary>
    private bool TryToken(string scrip, out long token)
    {
        foreach (SimulatedInstrument instrument in _context.Instruments)
        {
            if (string.Equals(Scrip(instrument), scrip, StringComparison.OrdinalIgnoreCase))
            {
                token = instrument.Token;
                return true;
            }
        }

        int bar = scrip.IndexOf('|', StringComparison.Ordinal);
        return long.TryParse(bar >= 0 ? scrip[(bar + 1)..] : scrip, NumberStyles.None, CultureInfo.InvariantCulture, out token);
    }

    private static string Scrip(SimulatedInstrument instrument) =>
        instrument.Symbol.Contains('|', StringComparison.Ordinal)
            ? instrument.Symbol
            : (string.IsNullOrEmpty(instrument.Segment) ? "nse_cm" : instrument.Segment) + "|" + instrument.Token.ToString(CultureInfo.InvariantCulture);

    private static string TradingSymbol(string scrip) => scrip[(scrip.IndexOf('|', StringComparison.Ordinal) + 1)..].ToUpperInvariant() + "-EQ";

    private static (byte Id, long Divider) Exchange(string segment)
    {
        foreach ((string name, byte id, long divider) in s_exchanges)
        {
            if (string.Equals(name, segment, StringComparison.OrdinalIgnoreCase))
            {
                return (id, divider);
            }
        }

        return (1, KotakExchangeTable.DefaultDivider);
    }

    /// <summary>The generator's five levels of one side extended one tick apart to <paramref name="rows"/> levels.</summary>
    private static int Extend(in SimulatedUpdate update, bool bid, DepthLevel[] destination, int rows)
    {
        ref readonly DepthPayload book = ref update.Depth.Depth;
        ReadOnlySpan<DepthLevel> inline = book.Levels;
        ReadOnlySpan<DepthLevel> given = bid ? inline[..book.BidCount] : inline.Slice(book.BidCount, book.AskCount);
        SimulatedInstrument instrument = update.Instrument;
        int n = 0;
        for (; n < given.Length && n < rows; n++)
        {
            destination[n] = given[n];
        }

        long last = n > 0 ? destination[n - 1].Price : update.Tick.Tick.LastPrice;
        for (; n < rows; n++)
        {
            last = bid ? last - instrument.TickSize : last + instrument.TickSize;
            if (last <= 0)
            {
                break;
            }

            destination[n] = new DepthLevel(last, (1 + ((update.Tick.Tick.CumulativeVolume + (n * 7919)) % 2000)) * instrument.LotSize, 1 + (n % 20));
        }

        return n;
    }

    private static void ProjectMarketPicture(SimulatedInstrument instrument, in MarketEvent tick, KotakLevel level, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks, long divider, SimulatedFrameWriter frames)
    {
        if (!frames.IsCapturing)
        {
            return;
        }

        int d = instrument.PriceDecimals;
        ref readonly TickPayload s = ref tick.Tick;
        long time = WholeSeconds(s.LastTradeTimeNs);
        MarketEvent e = Header(instrument, EventKind.Tick, WholeSeconds(tick.Header.ExchangeTimeNs));
        e.Tick.LastPrice = Wire(s.LastPrice, d, divider);
        e.Tick.LastQuantity = s.LastQuantity;
        e.Tick.AveragePrice = Wire(s.AveragePrice, d, divider);
        e.Tick.CumulativeVolume = s.CumulativeVolume;
        e.Tick.TotalBuyQuantity = s.TotalBuyQuantity;
        e.Tick.TotalSellQuantity = s.TotalSellQuantity;
        e.Tick.Open = Wire(s.Open, d, divider);
        e.Tick.High = Wire(s.High, d, divider);
        e.Tick.Low = Wire(s.Low, d, divider);
        e.Tick.Close = Wire(s.Close, d, divider);
        e.Tick.OpenInterest = s.OpenInterest;
        e.Tick.NetChange = Wire(s.NetChange, d, divider);
        e.Tick.LastTradeTimeNs = time;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume | TickFields.TotalBuySell
            | TickFields.DayOhl | TickFields.Close | TickFields.OpenInterest | TickFields.NetChange | (time != 0 ? TickFields.LastTradeTime : TickFields.None);
        frames.Sent(e);

        if (bids.IsEmpty && asks.IsEmpty)
        {
            return;
        }

        if (level == KotakLevel.TouchLine)
        {
            MarketEvent quote = Header(instrument, EventKind.Quote, e.Header.ExchangeTimeNs);
            if (!bids.IsEmpty)
            {
                quote.Quote.BidPrice = Wire(bids[0].Price, d, divider);
                quote.Quote.BidQuantity = bids[0].Quantity;
                quote.Quote.BidOrders = bids[0].Orders;
            }

            if (!asks.IsEmpty)
            {
                quote.Quote.AskPrice = Wire(asks[0].Price, d, divider);
                quote.Quote.AskQuantity = asks[0].Quantity;
                quote.Quote.AskOrders = asks[0].Orders;
            }

            frames.Sent(quote);
            return;
        }

        MarketEvent depth = Header(instrument, EventKind.Depth, e.Header.ExchangeTimeNs);
        depth.Depth.UpdateKind = DepthUpdateKind.Snapshot;
        depth.Depth.SlabIndex = -1;
        int n = 0;
        int half = InlineDepthLevels.Capacity / 2;
        for (int i = 0; i < bids.Length && i < half; i++)
        {
            depth.Depth.Levels[n++] = new DepthLevel(Wire(bids[i].Price, d, divider), bids[i].Quantity, bids[i].Orders);
        }

        depth.Depth.BidCount = (ushort)n;
        for (int i = 0; i < asks.Length && i < half; i++)
        {
            depth.Depth.Levels[n++] = new DepthLevel(Wire(asks[i].Price, d, divider), asks[i].Quantity, asks[i].Orders);
        }

        depth.Depth.AskCount = (ushort)(n - depth.Depth.BidCount);
        frames.Sent(depth);
    }

    private static void ProjectMini(SimulatedInstrument instrument, in MarketEvent tick, long divider, SimulatedFrameWriter frames)
    {
        if (!frames.IsCapturing)
        {
            return;
        }

        int d = instrument.PriceDecimals;
        long time = WholeSeconds(tick.Tick.LastTradeTimeNs);
        MarketEvent e = Header(instrument, EventKind.Tick, time);
        e.Tick.LastPrice = Wire(tick.Tick.LastPrice, d, divider);
        e.Tick.LastQuantity = tick.Tick.LastQuantity;
        e.Tick.Close = Wire(tick.Tick.Close, d, divider);
        e.Tick.NetChange = Wire(tick.Tick.NetChange, d, divider);
        e.Tick.LastTradeTimeNs = time;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.Close | TickFields.NetChange | (time != 0 ? TickFields.LastTradeTime : TickFields.None);
        frames.Sent(e);
    }

    private static void ProjectIndex(SimulatedInstrument instrument, in MarketEvent tick, long divider, SimulatedFrameWriter frames)
    {
        if (!frames.IsCapturing)
        {
            return;
        }

        int d = instrument.PriceDecimals;
        long time = WholeSeconds(tick.Tick.LastTradeTimeNs);
        MarketEvent e = Header(instrument, EventKind.Tick, time);
        e.Header.Flags |= EventFlags.Index;
        e.Tick.LastPrice = Wire(tick.Tick.LastPrice, d, divider);
        e.Tick.Open = Wire(tick.Tick.Open, d, divider);
        e.Tick.High = Wire(tick.Tick.High, d, divider);
        e.Tick.Low = Wire(tick.Tick.Low, d, divider);
        e.Tick.Close = Wire(tick.Tick.Close, d, divider);
        e.Tick.LastTradeTimeNs = time;
        e.Tick.Fields = TickFields.LastPrice | TickFields.DayOhl | TickFields.Close | (time != 0 ? TickFields.LastTradeTime : TickFields.None);
        frames.Sent(e);
    }

    private static MarketEvent Header(SimulatedInstrument instrument, EventKind kind, long exchangeTimeNs)
    {
        MarketEvent e = default;
        e.Header.Kind = kind;
        e.Header.Feed = FeedKind.Kotak;
        e.Header.PriceDecimals = instrument.PriceDecimals;
        e.Header.QuantityDecimals = instrument.QuantityDecimals;
        e.Header.Instrument = InstrumentId.From(FeedKind.Kotak, instrument.Token);
        e.Header.ExchangeTimeNs = exchangeTimeNs;
        e.Header.Flags = exchangeTimeNs != 0 ? EventFlags.None : EventFlags.ExchangeTimeFromReceive;
        return e;
    }

    /// <summary>A price after the trip through the wire integer (rupees × divider, a power of ten here).</summary>
    private static long Wire(long mantissa, int decimals, long divider)
    {
        int dividerDecimals = (int)Math.Round(Math.Log10(divider));
        return FixedPoint.Rescale(FixedPoint.Rescale(mantissa, decimals, dividerDecimals), dividerDecimals, decimals);
    }

    private static long WholeSeconds(long unixNs) => unixNs / UnixTime.NanosPerSecond * UnixTime.NanosPerSecond;

    private static void WriteExchangeStatus(SimulatedFrameWriter replies)
    {
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Binary);
        Span<byte> buffer = output.GetSpan(32);
        int length = KotakSFeedEncoder.WriteHeaderOnly(buffer, (ushort)KotakMessageCode.MarketOpen);
        length += KotakSFeedEncoder.WriteMarketStatus(buffer[length..], 1, 1, "OPEN");
        output.Advance(length);
        replies.EndFrame();
    }

    private void Reject(SimulatedFrameWriter replies, string request, string reason)
    {
        // The request text is not logged: a malformed auth frame would carry the session token.
        _context.Logger.LogWarning("Kotak simulator connection {Id}: rejected a {Length}-character request: {Reason}", _context.ConnectionId, request.Length, reason);
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Text);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteNumber("message_code"u8, 0);
            json.WriteString("error"u8, reason);
            json.WriteEndObject();
        }

        replies.EndFrame();
    }
}
