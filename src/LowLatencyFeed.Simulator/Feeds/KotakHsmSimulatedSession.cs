using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using Microsoft.Extensions.Logging;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// One HSM connection. The connect request (token, sid and source all present) is answered K with the feed's ACK
/// interval; subscribe/unsubscribe requests get a status response (N before a successful connect, for more than 100
/// scrips, a channel outside 1–16, or more than 200 tokens on a channel / 3000 in all). Each update becomes records in
/// one data frame: a SNAP the first time a topic streams, then UPDATEs with only the fields that changed. Index topics
/// carry the index tick, scrip topics the tick and best bid/ask, depth topics the 5 + 5 book. Prices are sent as
/// raw × multiplier × 10^precision with multiplier 1 and precision = the instrument's decimals, except currency
/// segments (multiplier 100, precision decimals − 2), so every price decodes exactly.
/// </summary>
/// <remarks>
/// The events reported through <see cref="SimulatedFrameWriter.Sent"/> are derived from the values this session has
/// sent, with the merge rules a correct client applies: a record publishes the views whose fields it changed, each with
/// every field known so far. The real server's answer to a malformed request is undocumented; this one logs it and,
/// when the request type is known, answers N.
/// </remarks>
internal sealed class KotakHsmSimulatedSession : ISimulatedFeedSession, ISimulatedFaultWriter
{
    private const int MaxFrameBytes = ushort.MaxValue + 2;

    private const ulong ScripTickTrigger =
        (1UL << L.ScripLastTradeTime) | (1UL << L.ScripVolume) | (1UL << L.ScripLastPrice) | (1UL << L.ScripLastQuantity)
        | (1UL << L.ScripTotalBuyQuantity) | (1UL << L.ScripTotalSellQuantity) | (1UL << L.ScripAveragePrice) | (1UL << L.ScripLow)
        | (1UL << L.ScripHigh) | (1UL << L.ScripOpen) | (1UL << L.ScripClose) | (1UL << L.ScripOpenInterest)
        | (1UL << L.ScripMultiplier) | (1UL << L.ScripPrecision);

    private const ulong ScripQuoteTrigger =
        (1UL << L.ScripBidPrice) | (1UL << L.ScripAskPrice) | (1UL << L.ScripBidQuantity) | (1UL << L.ScripAskQuantity)
        | (1UL << L.ScripMultiplier) | (1UL << L.ScripPrecision);

    private const ulong IndexTrigger =
        (1UL << L.IndexValue) | (1UL << L.IndexClose) | (1UL << L.IndexHigh) | (1UL << L.IndexLow) | (1UL << L.IndexOpen)
        | (1UL << L.IndexMultiplier) | (1UL << L.IndexPrecision);

    private static readonly KotakHsmTopicKind[] s_kinds = [KotakHsmTopicKind.Index, KotakHsmTopicKind.Scrip, KotakHsmTopicKind.Depth];

    private readonly SimulatedSessionContext _context;
    private readonly KotakHsmSimulatedFeed _feed;
    private readonly Dictionary<(long Token, KotakHsmTopicKind Kind), KotakHsmSimulatedTopic> _topics = [];
    private readonly int[] _channelTokens = new int[L.LastChannel + 1];
    private readonly int[] _values = new int[L.MaxFields];
    private readonly int[] _update = new int[L.MaxFields];
    private int _nextTopicId;
    private bool _connected;
    private int _ackInterval;
    private int _messageNumber;
    private int _nextAckDue;

    public KotakHsmSimulatedSession(SimulatedSessionContext context, KotakHsmSimulatedFeed feed)
    {
        _context = context;
        _feed = feed;

        // Topic ids differ per connection, as a real server's would, so a client must rebuild its cache on reconnect.
        _nextTopicId = 1000 + (context.ConnectionId * 1000);
    }

    /// <inheritdoc />
    public int MaxUpdatesPerFrame => 128;

    /// <inheritdoc />
    public void OnConnected(SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
    }

    /// <inheritdoc />
    public void OnClientMessage(ReadOnlySpan<byte> message, MessageKind kind, SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
        if (kind != MessageKind.Binary)
        {
            Warn($"ignored a {message.Length}-byte text message (HSM requests are binary)");
            return;
        }

        if (!TryParseRequest(message, out KotakHsmMessageType type, out List<(byte Id, byte[] Value)> fields, out string? problem))
        {
            Warn($"rejected a {message.Length}-byte request: {problem}");
            if (type is KotakHsmMessageType.Connect)
            {
                WriteConnectResponse(replies, ok: false);
            }
            else if (type is KotakHsmMessageType.Subscribe or KotakHsmMessageType.Unsubscribe)
            {
                WriteStatus(replies, type, ok: false);
            }

            return;
        }

        switch (type)
        {
            case KotakHsmMessageType.Connect:
                // The credentials are checked for presence only and never logged.
                _connected = fields.Count == 3 && Field(fields, 1).Length > 0 && Field(fields, 2).Length > 0 && Field(fields, 3).Length > 0;
                if (!_connected)
                {
                    Warn("rejected a connect request without access token, sid and source");
                }

                _ackInterval = _connected ? _feed.AckInterval : 0;
                _messageNumber = 0;
                _nextAckDue = _ackInterval;
                WriteConnectResponse(replies, _connected);
                break;
            case KotakHsmMessageType.Subscribe:
            case KotakHsmMessageType.Unsubscribe:
                WriteStatus(replies, type, Subscribe(type == KotakHsmMessageType.Subscribe, fields, subscriptions));
                break;
            case KotakHsmMessageType.Ack:
                OnAck(Field(fields, 1));
                break;
            case KotakHsmMessageType.ChannelPause:
            case KotakHsmMessageType.ChannelResume:
                WriteStatus(replies, type, _connected);
                break;
            case KotakHsmMessageType.Snapshot:
                Warn("one-shot snapshots are not simulated; answered N");
                WriteStatus(replies, type, ok: false);
                break;
            default:
                Warn($"ignored a request of type {type}");
                break;
        }
    }

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<SimulatedUpdate> updates, SimulatedFrameWriter frames)
    {
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
        Span<byte> frame = output.GetSpan(MaxFrameBytes);
        bool numbered = _ackInterval > 0;
        int pos = KotakHsmEncoder.WriteDataFrameHeader(frame, numbered ? ++_messageNumber : null);
        int records = 0;
        for (int i = 0; i < updates.Length; i++)
        {
            ref readonly SimulatedUpdate update = ref updates[i];
            foreach (KotakHsmTopicKind kind in s_kinds)
            {
                if (_topics.TryGetValue((update.Instrument.Token, kind), out KotakHsmSimulatedTopic? topic))
                {
                    pos += WriteRecord(frame[pos..], topic, in update, frames, ref records);
                }
            }
        }

        KotakHsmEncoder.FinishDataFrame(frame[..pos], numbered, records);
        output.Advance(pos);
        frames.EndFrame();
        _feed.CountDataFrame();
    }

    /// <inheritdoc />
    public bool TryWriteHeartbeat(SimulatedFrameWriter frames) => false;

    /// <inheritdoc />
    public void WriteGarbage(ReadOnlySpan<byte> noise, SimulatedFrameWriter frames)
    {
        // A message type HSM does not define: the decoder rejects the whole message (UnknownMessageCode).
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
        int length = Math.Max(noise.Length, L.HeaderLength);
        Span<byte> message = output.GetSpan(length)[..length];
        message.Clear();
        noise.CopyTo(message);
        message[L.Type] = (byte)(0x80 | noise[0]);
        output.Advance(length);
        frames.EndFrame();
    }

    /// <inheritdoc />
    public int TruncatedLength(ReadOnlySpan<byte> message, MessageKind kind, ulong random)
    {
        if (kind != MessageKind.Binary || message.Length < L.HeaderLength || message[L.Type] != (byte)KotakHsmMessageType.Data)
        {
            return 0;
        }

        if (_ackInterval > 0)
        {
            // Inside the message number: the copy is rejected before the client counts it towards an ACK.
            return L.HeaderLength + (int)(random % sizeof(int));
        }

        int first = KotakHsmEncoder.DataFrameHeaderLength(withMessageNumber: false);
        if (message.Length < first + 2 || BinaryPrimitives.ReadUInt16BigEndian(message[(L.HeaderLength)..]) == 0)
        {
            return 0;
        }

        int recordEnd = first + 2 + BinaryPrimitives.ReadUInt16BigEndian(message[first..]);
        return recordEnd > message.Length || recordEnd - first < 2 ? 0 : first + 1 + (int)(random % (ulong)(recordEnd - first - 1));
    }

    /// <summary>Writes the topic's SNAP (first time) or UPDATE (changed fields; nothing when none changed) and reports its events.</summary>
    private int WriteRecord(Span<byte> destination, KotakHsmSimulatedTopic topic, in SimulatedUpdate update, SimulatedFrameWriter frames, ref int records)
    {
        SimulatedInstrument instrument = update.Instrument;
        (int multiplier, int precision) = Scale(instrument);
        int count = FillValues(topic.Kind, in update, multiplier, precision);
        ReadOnlySpan<int> values = _values.AsSpan(0, count);
        ulong touched = 0;
        int written;
        if (topic.Last is null)
        {
            topic.Last = new int[L.MaxFields];
            topic.Last.AsSpan().Fill(L.NoValue);
            for (int i = 0; i < count; i++)
            {
                if (values[i] != L.NoValue)
                {
                    topic.Last[i] = values[i];
                    touched |= 1UL << i;
                }
            }

            (string segment, string token) = KotakSubscriptions.Split(Scrip(instrument));
            written = KotakHsmEncoder.WriteSnap(destination, topic.TopicId, Encoding.ASCII.GetBytes(topic.Name), values, [(L.StringToken, token), (L.StringExchange, segment), (L.StringTradingSymbol, TradingSymbol(token))]);
        }
        else
        {
            int changed = 0;
            for (int i = 0; i < count; i++)
            {
                // A value the update does not carry stays as last sent: "no value" on the wire means unchanged.
                bool differs = values[i] != L.NoValue && values[i] != topic.Last[i];
                _update[i] = differs ? values[i] : L.NoValue;
                if (differs)
                {
                    topic.Last[i] = values[i];
                    touched |= 1UL << i;
                    changed = i + 1;
                }
            }

            if (changed == 0)
            {
                return 0;
            }

            written = KotakHsmEncoder.WriteUpdate(destination, topic.TopicId, _update.AsSpan(0, changed));
        }

        records++;
        if (frames.IsCapturing)
        {
            Project(topic, instrument, touched, multiplier * FixedPoint.Pow10(precision), frames);
        }

        return written;
    }

    private int FillValues(KotakHsmTopicKind kind, in SimulatedUpdate update, int multiplier, int precision)
    {
        switch (kind)
        {
            case KotakHsmTopicKind.Index:
                KotakHsmEncoder.IndexValues(_values, in update.Tick, multiplier, precision);
                return KotakHsmEncoder.IndexValueCount;
            case KotakHsmTopicKind.Depth:
                KotakHsmEncoder.DepthValues(_values, in update.Depth, multiplier, precision);
                return KotakHsmEncoder.DepthValueCount;
            default:
                ref readonly DepthPayload book = ref update.Depth.Depth;
                ReadOnlySpan<DepthLevel> levels = book.Levels;
                var quote = new QuotePayload
                {
                    BidPrice = book.BidCount > 0 ? levels[0].Price : 0,
                    BidQuantity = book.BidCount > 0 ? levels[0].Quantity : 0,
                    AskPrice = book.AskCount > 0 ? levels[book.BidCount].Price : 0,
                    AskQuantity = book.AskCount > 0 ? levels[book.BidCount].Quantity : 0,
                };
                KotakHsmEncoder.ScripValues(_values, in update.Tick, in quote, multiplier, precision);

                // Fields the decoder reads and ignores: the SDK's two dummy times, circuit limits, 52-week range.
                _values[0] = _values[1] = _values[L.ScripFeedTime];
                int close = _values[L.ScripClose];
                _values[L.ScripLowerCircuit] = close - (close / 5);
                _values[L.ScripUpperCircuit] = close + (close / 5);
                _values[L.ScripYearLow] = close - (close / 4);
                _values[L.ScripYearHigh] = close + (close / 4);
                return KotakHsmEncoder.ScripValueCount;
        }
    }

    /// <summary>The events a correct client publishes for a record that set the <paramref name="touched"/> fields of <paramref name="topic"/>.</summary>
    private static void Project(KotakHsmSimulatedTopic topic, SimulatedInstrument instrument, ulong touched, long divider, SimulatedFrameWriter frames)
    {
        int[] v = topic.Last!;
        switch (topic.Kind)
        {
            case KotakHsmTopicKind.Scrip:
                long time = Seconds(v, L.ScripFeedTime);
                time = time != 0 ? time : Seconds(v, L.ScripLastTradeTime);
                if ((touched & ScripTickTrigger) != 0)
                {
                    frames.Sent(ScripTick(v, instrument, divider, time));
                }

                if ((touched & ScripQuoteTrigger) != 0 && (Known(v, L.ScripBidPrice) || Known(v, L.ScripAskPrice) || Known(v, L.ScripBidQuantity) || Known(v, L.ScripAskQuantity)))
                {
                    MarketEvent quote = Header(instrument, EventKind.Quote, time);
                    quote.Quote.BidPrice = Price(v, L.ScripBidPrice, instrument, divider);
                    quote.Quote.BidQuantity = Quantity(v, L.ScripBidQuantity, instrument);
                    quote.Quote.AskPrice = Price(v, L.ScripAskPrice, instrument, divider);
                    quote.Quote.AskQuantity = Quantity(v, L.ScripAskQuantity, instrument);
                    frames.Sent(quote);
                }

                break;
            case KotakHsmTopicKind.Index:
                if ((touched & IndexTrigger) != 0)
                {
                    MarketEvent e = Header(instrument, EventKind.Tick, Seconds(v, L.IndexFeedTime));
                    e.Header.Flags |= EventFlags.Index;
                    TickFields fields = TickFields.None;
                    if (Known(v, L.IndexValue))
                    {
                        e.Tick.LastPrice = Price(v, L.IndexValue, instrument, divider);
                        fields |= TickFields.LastPrice;
                    }

                    if (Known(v, L.IndexOpen) && Known(v, L.IndexHigh) && Known(v, L.IndexLow))
                    {
                        e.Tick.Open = Price(v, L.IndexOpen, instrument, divider);
                        e.Tick.High = Price(v, L.IndexHigh, instrument, divider);
                        e.Tick.Low = Price(v, L.IndexLow, instrument, divider);
                        fields |= TickFields.DayOhl;
                    }

                    if (Known(v, L.IndexClose))
                    {
                        e.Tick.Close = Price(v, L.IndexClose, instrument, divider);
                        fields |= TickFields.Close;
                    }

                    e.Tick.Fields = fields;
                    frames.Sent(e);
                }

                break;
            default:
                if ((touched & ~3UL) != 0)
                {
                    MarketEvent depth = Header(instrument, EventKind.Depth, 0);
                    depth.Depth.UpdateKind = DepthUpdateKind.Snapshot;
                    depth.Depth.SlabIndex = -1;
                    int n = 0;
                    for (int side = 0; side < 2; side++)
                    {
                        int start = n;
                        for (int i = 0; i < L.DepthLevels; i++)
                        {
                            int price = (side == 0 ? L.DepthBidPrice : L.DepthAskPrice) + i;
                            if (!Known(v, price) || v[price] == 0)
                            {
                                continue;
                            }

                            int quantity = (side == 0 ? L.DepthBidQuantity : L.DepthAskQuantity) + i;
                            int orders = (side == 0 ? L.DepthBidOrders : L.DepthAskOrders) + i;
                            depth.Depth.Levels[n++] = new DepthLevel(Price(v, price, instrument, divider), Quantity(v, quantity, instrument), Known(v, orders) ? v[orders] : 0);
                        }

                        if (side == 0)
                        {
                            depth.Depth.BidCount = (ushort)(n - start);
                        }
                        else
                        {
                            depth.Depth.AskCount = (ushort)(n - start);
                        }
                    }

                    frames.Sent(depth);
                }

                break;
        }
    }

    private static MarketEvent ScripTick(int[] v, SimulatedInstrument instrument, long divider, long time)
    {
        MarketEvent e = Header(instrument, EventKind.Tick, time);
        ref TickPayload t = ref e.Tick;
        TickFields fields = TickFields.None;
        if (Known(v, L.ScripLastPrice))
        {
            t.LastPrice = Price(v, L.ScripLastPrice, instrument, divider);
            fields |= TickFields.LastPrice;
        }

        if (Known(v, L.ScripLastQuantity))
        {
            t.LastQuantity = Quantity(v, L.ScripLastQuantity, instrument);
            fields |= TickFields.LastQuantity;
        }

        if (Known(v, L.ScripAveragePrice))
        {
            t.AveragePrice = Price(v, L.ScripAveragePrice, instrument, divider);
            fields |= TickFields.AveragePrice;
        }

        if (Known(v, L.ScripVolume))
        {
            t.CumulativeVolume = Quantity(v, L.ScripVolume, instrument);
            fields |= TickFields.CumulativeVolume;
        }

        if (Known(v, L.ScripTotalBuyQuantity) && Known(v, L.ScripTotalSellQuantity))
        {
            t.TotalBuyQuantity = Quantity(v, L.ScripTotalBuyQuantity, instrument);
            t.TotalSellQuantity = Quantity(v, L.ScripTotalSellQuantity, instrument);
            fields |= TickFields.TotalBuySell;
        }

        if (Known(v, L.ScripOpen) && Known(v, L.ScripHigh) && Known(v, L.ScripLow))
        {
            t.Open = Price(v, L.ScripOpen, instrument, divider);
            t.High = Price(v, L.ScripHigh, instrument, divider);
            t.Low = Price(v, L.ScripLow, instrument, divider);
            fields |= TickFields.DayOhl;
        }

        if (Known(v, L.ScripClose))
        {
            t.Close = Price(v, L.ScripClose, instrument, divider);
            fields |= TickFields.Close;
        }

        if (Known(v, L.ScripOpenInterest))
        {
            t.OpenInterest = Quantity(v, L.ScripOpenInterest, instrument);
            fields |= TickFields.OpenInterest;
        }

        long tradeTime = Seconds(v, L.ScripLastTradeTime);
        if (tradeTime != 0)
        {
            t.LastTradeTimeNs = tradeTime;
            fields |= TickFields.LastTradeTime;
        }

        t.Fields = fields;
        return e;
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

    private static bool Known(int[] v, int field) => v[field] != L.NoValue;

    /// <summary>raw ÷ (multiplier × 10^precision) at the instrument's decimals: exact, since the divider is 10^decimals here.</summary>
    private static long Price(int[] v, int field, SimulatedInstrument instrument, long divider) =>
        Known(v, field) ? v[field] * FixedPoint.Pow10(instrument.PriceDecimals) / divider : 0;

    private static long Quantity(int[] v, int field, SimulatedInstrument instrument) =>
        Known(v, field) ? v[field] * FixedPoint.Pow10(instrument.QuantityDecimals) : 0;

    private static long Seconds(int[] v, int field) => Known(v, field) && v[field] > 0 ? v[field] * UnixTime.NanosPerSecond : 0;

    /// <summary>Multiplier 1 and precision = decimals; currency segments use multiplier 100 (precision 2 less), as a check of the scaling.</summary>
    private static (int Multiplier, int Precision) Scale(SimulatedInstrument instrument) =>
        Scrip(instrument).StartsWith("cde_", StringComparison.OrdinalIgnoreCase) && instrument.PriceDecimals >= 2
            ? (100, instrument.PriceDecimals - 2)
            : (1, instrument.PriceDecimals);

    private bool Subscribe(bool subscribe, List<(byte Id, byte[] Value)> fields, SimulatedSubscriptions subscriptions)
    {
        byte[] list = Field(fields, 1);
        byte[] channelField = Field(fields, 2);
        if (!_connected)
        {
            Warn("rejected a subscription request before a successful connect");
            return false;
        }

        if (channelField.Length != 1 || channelField[0] is < 1 or > L.LastChannel || !TryParseScrips(list, out List<string>? names))
        {
            Warn("rejected a subscription request with a malformed scrip list or channel");
            return false;
        }

        if (names.Count > L.MaxScripsPerRequest)
        {
            Warn($"rejected a request for {names.Count} scrips (at most {L.MaxScripsPerRequest})");
            return false;
        }

        byte channel = channelField[0];
        var resolved = new List<(long Token, KotakHsmTopicKind Kind, string Name)>();
        foreach (string name in names)
        {
            KotakHsmTopicKind kind = KotakHsmTopics.KindOf(Encoding.ASCII.GetBytes(name));
            if (kind == KotakHsmTopicKind.None || !TryToken(name[3..], out long token))
            {
                Warn($"'{name}' names no simulated instrument");
                continue;
            }

            resolved.Add((token, kind, name));
        }

        if (subscribe)
        {
            int added = resolved.Count(r => !_topics.ContainsKey((r.Token, r.Kind)));
            if (_channelTokens[channel] + added > L.MaxTokensPerChannel || _topics.Count + added > L.MaxTokens)
            {
                Warn($"rejected {added} new topic(s) on channel {channel}: at most {L.MaxTokensPerChannel} per channel and {L.MaxTokens} in all");
                return false;
            }
        }

        foreach ((long token, KotakHsmTopicKind kind, string name) in resolved)
        {
            if (subscribe && !_topics.ContainsKey((token, kind)))
            {
                _topics[(token, kind)] = new KotakHsmSimulatedTopic(_nextTopicId++, kind, channel, name);
                _channelTokens[channel]++;
            }
            else if (!subscribe && _topics.Remove((token, kind), out KotakHsmSimulatedTopic? removed))
            {
                _channelTokens[removed.Channel]--;
            }

            bool scrip = _topics.ContainsKey((token, KotakHsmTopicKind.Scrip)) || _topics.ContainsKey((token, KotakHsmTopicKind.Index));
            bool depth = _topics.ContainsKey((token, KotakHsmTopicKind.Depth));
            if (scrip || depth)
            {
                subscriptions.Set(token, depth ? SubscriptionMode.Full : SubscriptionMode.Quote);
            }
            else
            {
                subscriptions.Remove(token);
            }
        }

        return true;
    }

    /// <summary>An ACK must name every <c>AckInterval</c>-th message number in turn; skipped ones are missing, others unexpected.</summary>
    private void OnAck(byte[] field)
    {
        if (field.Length != sizeof(int) || _ackInterval <= 0)
        {
            _feed.CountUnexpectedAck();
            Warn("received an ACK that was not requested or is malformed");
            return;
        }

        int number = BinaryPrimitives.ReadInt32BigEndian(field);
        if (number < _nextAckDue || number > _messageNumber || number % _ackInterval != 0)
        {
            _feed.CountUnexpectedAck();
            Warn($"received an ACK for message {number}; expected {_nextAckDue} (sent {_messageNumber})");
            return;
        }

        if (number > _nextAckDue)
        {
            _feed.CountMissingAcks((number - _nextAckDue) / _ackInterval);
            Warn($"ACKs for messages {_nextAckDue}..{number - _ackInterval} never arrived");
        }

        _feed.CountAck();
        _nextAckDue = number + _ackInterval;
    }

    /// <summary>A scrip (<c>segment|token</c>) → simulated token: by the instrument's scrip, else the numeric token part.</summary>
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
        if (long.TryParse(bar >= 0 ? scrip[(bar + 1)..] : scrip, NumberStyles.None, CultureInfo.InvariantCulture, out token))
        {
            foreach (SimulatedInstrument instrument in _context.Instruments)
            {
                if (instrument.Token == token)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Scrip(SimulatedInstrument instrument) =>
        instrument.Symbol.Contains('|', StringComparison.Ordinal)
            ? instrument.Symbol
            : (string.IsNullOrEmpty(instrument.Segment) ? "nse_cm" : instrument.Segment) + "|" + instrument.Token.ToString(CultureInfo.InvariantCulture);

    private static string TradingSymbol(string token) => token.ToUpperInvariant() + "-EQ";

    /// <summary><c>[uint16 length of the rest][type][count]</c> then <c>count × [id][uint16 length][value]</c>, exactly filling the message.</summary>
    private static bool TryParseRequest(ReadOnlySpan<byte> message, out KotakHsmMessageType type, out List<(byte Id, byte[] Value)> fields, out string? problem)
    {
        fields = [];
        type = message.Length > L.Type ? (KotakHsmMessageType)message[L.Type] : 0;
        if (message.Length < 4 || BinaryPrimitives.ReadUInt16BigEndian(message) != message.Length - 2)
        {
            problem = "its length prefix does not match its size";
            return false;
        }

        int count = message[3];
        int at = 4;
        for (int i = 0; i < count; i++)
        {
            if (message.Length - at < 3 || message.Length - at - 3 < BinaryPrimitives.ReadUInt16BigEndian(message[(at + 1)..]))
            {
                problem = $"field {i} of {count} runs past the end";
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 1)..]);
            fields.Add((message[at], message.Slice(at + 3, length).ToArray()));
            at += 3 + length;
        }

        problem = at == message.Length ? null : $"{message.Length - at} byte(s) follow its {count} field(s)";
        return problem is null;
    }

    /// <summary>The scrip list: uint16 count, then uint8 length + ASCII per scrip.</summary>
    private static bool TryParseScrips(byte[] list, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out List<string>? names)
    {
        names = null;
        if (list.Length < 2)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(list);
        var result = new List<string>(count);
        int at = 2;
        for (int i = 0; i < count; i++)
        {
            if (at >= list.Length || list.Length - at - 1 < list[at])
            {
                return false;
            }

            result.Add(Encoding.ASCII.GetString(list, at + 1, list[at]));
            at += 1 + list[at];
        }

        names = result;
        return at == list.Length;
    }

    private static byte[] Field(List<(byte Id, byte[] Value)> fields, byte id)
    {
        foreach ((byte fieldId, byte[] value) in fields)
        {
            if (fieldId == id)
            {
                return value;
            }
        }

        return [];
    }

    private void WriteConnectResponse(SimulatedFrameWriter replies, bool ok)
    {
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Binary);
        output.Advance(KotakHsmEncoder.WriteConnectResponse(output.GetSpan(32), ok, ok ? _ackInterval : 0));
        replies.EndFrame();
    }

    private static void WriteStatus(SimulatedFrameWriter replies, KotakHsmMessageType type, bool ok)
    {
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Binary);
        output.Advance(KotakHsmEncoder.WriteStatusResponse(output.GetSpan(16), type, ok));
        replies.EndFrame();
    }

    private void Warn(string what) =>
        _context.Logger.LogWarning("Kotak HSM simulator connection {Id}: {What}", _context.ConnectionId, what);
}
