using System.Buffers;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// One simulated Binance connection. Streams come from the URL (<c>?streams=a/b</c>) and from
/// <c>SUBSCRIBE</c>/<c>UNSUBSCRIBE</c>/<c>LIST_SUBSCRIPTIONS</c> requests, answered as the real server does
/// (<c>{"result":null,"id":N}</c>, errors <c>{"code":…,"msg":…,"id":…}</c>). Every generated update of a subscribed
/// symbol becomes, per stream: a trade, the next depth diff of the shared book, a bookTicker and a partial depth,
/// each its own text message in the combined wrapper. A client sending more than 5 messages in a second is
/// disconnected (<see cref="ISimulatedClientMessageLimit"/>).
/// </summary>
internal sealed class BinanceSimulatedSession : ISimulatedFeedSession, ISimulatedFaultWriter, ISimulatedClientMessageLimit
{
    private readonly SimulatedSessionContext _context;
    private readonly BinanceSimulatedMarket _market;
    private readonly BinanceSimulatedFeedOptions _options;
    private readonly Dictionary<long, BinanceSimulatedStreams> _streams = [];
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private long _diffs;
    private int _gaps;

    public BinanceSimulatedSession(SimulatedSessionContext context, BinanceSimulatedMarket market, BinanceSimulatedFeedOptions options)
    {
        _context = context;
        _market = market;
        _options = options;
    }

    /// <inheritdoc />
    public int MaxUpdatesPerFrame => 64;

    /// <summary>Binance/README.md §2: at most 5 incoming messages per second per connection; more disconnects.</summary>
    public int MaxClientMessagesPerSecond => BinanceStreamLimits.MaxIncomingMessagesPerSecond;

    /// <inheritdoc />
    public void OnConnected(SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
        const string Key = "streams=";
        string query = _context.QueryString.TrimStart('?');
        foreach (string part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith(Key, StringComparison.Ordinal))
            {
                foreach (string stream in Uri.UnescapeDataString(part[Key.Length..]).Split('/', StringSplitOptions.RemoveEmptyEntries))
                {
                    Subscribe(stream, subscriptions);
                }
            }
        }
    }

    /// <inheritdoc />
    public void OnClientMessage(ReadOnlySpan<byte> message, MessageKind kind, SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.ToArray());
        }
        catch (JsonException)
        {
            WriteError(replies, 3, "Invalid JSON: expected a JSON object", null);
            return;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                WriteError(replies, 3, "Invalid JSON: expected a JSON object", null);
                return;
            }

            // Binance/README.md §3: an id is a 64-bit integer, a string of up to 36 letters and digits, or null.
            JsonElement? id = root.TryGetProperty("id", out JsonElement idElement) ? idElement : null;
            if (id is { } given && !IsValidId(given))
            {
                WriteError(replies, 2, "Invalid request: invalid id", null);
                return;
            }

            string? method = root.TryGetProperty("method", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            switch (method)
            {
                case "SUBSCRIBE":
                case "UNSUBSCRIBE":
                    if (!root.TryGetProperty("params", out JsonElement parameters) || parameters.ValueKind != JsonValueKind.Array)
                    {
                        WriteError(replies, 2, "Invalid request: missing field 'params'", id);
                        return;
                    }

                    // Checked in full first: a refused request changes nothing.
                    var streams = new List<string>(parameters.GetArrayLength());
                    foreach (JsonElement stream in parameters.EnumerateArray())
                    {
                        if (stream.ValueKind != JsonValueKind.String)
                        {
                            WriteError(replies, 1, "Invalid value type: expected a stream name string in params", id);
                            return;
                        }

                        string name = stream.GetString()!;
                        if (!IsStreamName(name))
                        {
                            WriteError(replies, 2, $"Invalid request: {name} is not a stream name: symbol@trade, @aggTrade, @bookTicker, @depth or @depth5, 10, 20, optionally @100ms or @1000ms", id);
                            return;
                        }

                        streams.Add(name);
                    }

                    foreach (string stream in streams)
                    {
                        if (method == "SUBSCRIBE")
                        {
                            Subscribe(stream, subscriptions);
                        }
                        else
                        {
                            Unsubscribe(stream, subscriptions);
                        }
                    }

                    WriteResult(replies, id, null);
                    return;
                case "LIST_SUBSCRIPTIONS":
                    WriteResult(replies, id, [.. _streams.Values.SelectMany(static s => s.Names())]);
                    return;
                default:
                    WriteError(replies, 2, "Invalid request: unknown method", id);
                    return;
            }
        }
    }

    /// <summary>Binance/README.md §3: a 64-bit integer, up to 36 ASCII letters and digits, or null.</summary>
    private static bool IsValidId(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.Number => id.TryGetInt64(out _),
        JsonValueKind.String => id.GetString() is { Length: <= 36 } text && text.All(char.IsAsciiLetterOrDigit),
        _ => false,
    };

    /// <summary>
    /// <c>&lt;symbol&gt;@&lt;type&gt;</c> with a lowercase symbol of letters, digits, '-', '_' or '.' and one of the
    /// stream types this simulator serves (Binance/README.md §1); an unknown symbol of that shape is accepted and sends
    /// nothing, as on the real server.
    /// </summary>
    private static bool IsStreamName(string stream)
    {
        int at = stream.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at > 20)
        {
            return false;
        }

        foreach (char c in stream.AsSpan(0, at))
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        string type = stream[(at + 1)..];
        foreach (string suffix in (ReadOnlySpan<string>)["", "@100ms", "@1000ms"])
        {
            if (type.EndsWith(suffix, StringComparison.Ordinal))
            {
                string bare = type[..^suffix.Length];
                if (suffix.Length == 0 ? bare is "trade" or "aggTrade" or "bookTicker" or "depth" or "depth5" or "depth10" or "depth20"
                    : bare is "depth" or "depth5" or "depth10" or "depth20")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<SimulatedUpdate> updates, SimulatedFrameWriter frames)
    {
        for (int i = 0; i < updates.Length; i++)
        {
            ref readonly SimulatedUpdate update = ref updates[i];
            if (!_streams.TryGetValue(update.Instrument.Token, out BinanceSimulatedStreams? streams))
            {
                continue;
            }

            ref readonly MarketEvent tick = ref update.Tick;
            long timeMs = tick.Header.ExchangeTimeNs / 1_000_000;
            if ((streams.Trade || streams.AggregateTrade) && (tick.Tick.Fields & TickFields.LastQuantity) != 0)
            {
                WriteTrade(streams, tick, timeMs, frames);
            }

            if (streams.Diff || streams.BookTicker || streams.PartialLevels > 0)
            {
                // The book moves with every update of a book-subscribed symbol, sent or not.
                BinanceSimulatedDiff diff = _market.NextDiff(streams.Instrument.Symbol, ref streams.Cursor, tick.Tick.LastPrice, timeMs * 1_000_000);
                if (streams.Diff)
                {
                    _diffs++;
                    if (_options.GapEveryDiffs > 0 && _diffs % _options.GapEveryDiffs == 0 && (_options.MaxGaps == 0 || _gaps < _options.MaxGaps))
                    {
                        // Fault: this diff's update-id range never reaches the client.
                        _gaps++;
                    }
                    else
                    {
                        WriteDiff(streams, diff, frames);
                    }
                }
            }

            if (streams.BookTicker)
            {
                WriteBookTicker(streams, frames);
            }

            if (streams.PartialLevels > 0)
            {
                WritePartialDepth(streams, frames);
            }
        }
    }

    /// <inheritdoc />
    public bool TryWriteHeartbeat(SimulatedFrameWriter frames) => false;

    /// <summary>
    /// Printable ASCII (a text message must be valid UTF-8, or the client's WebSocket closes) starting with '#', which
    /// starts no JSON value: the decoder reports BadJson.
    /// </summary>
    public void WriteGarbage(ReadOnlySpan<byte> noise, SimulatedFrameWriter frames)
    {
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Text);
        Span<byte> message = output.GetSpan(noise.Length);
        message[0] = (byte)'#';
        for (int i = 1; i < noise.Length; i++)
        {
            message[i] = (byte)('!' + (noise[i] % 94));
        }

        output.Advance(noise.Length);
        frames.EndFrame();
    }

    /// <summary>Any proper prefix of one JSON object is invalid JSON (BadJson), so the cut may fall anywhere inside it.</summary>
    public int TruncatedLength(ReadOnlySpan<byte> message, MessageKind kind, ulong random) =>
        kind == MessageKind.Text && message.Length >= 2 ? 1 + (int)(random % (ulong)(message.Length - 1)) : 0;

    private void Subscribe(string stream, SimulatedSubscriptions subscriptions)
    {
        int at = stream.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || FindInstrument(stream[..at]) is not SimulatedInstrument instrument)
        {
            // The real server accepts unknown streams and simply sends nothing.
            _context.Logger.LogDebug("Binance simulator connection {Id}: stream {Stream} has no simulated symbol", _context.ConnectionId, stream);
            return;
        }

        if (!_streams.TryGetValue(instrument.Token, out BinanceSimulatedStreams? streams))
        {
            streams = new BinanceSimulatedStreams(instrument, _market.Cursor(instrument.Symbol));
            _streams.Add(instrument.Token, streams);
        }

        string type = stream[(at + 1)..];
        switch (type)
        {
            case "trade":
                streams.Trade = true;
                break;
            case "aggTrade":
                streams.AggregateTrade = true;
                break;
            case "bookTicker":
                streams.BookTicker = true;
                break;
            case "depth":
            case "depth@100ms":
            case "depth@1000ms":
                streams.Diff = true;
                break;
            default:
                if (type.StartsWith("depth5", StringComparison.Ordinal) || type.StartsWith("depth10", StringComparison.Ordinal) || type.StartsWith("depth20", StringComparison.Ordinal))
                {
                    streams.PartialLevels = type[5] == '5' ? 5 : type[6] == '0' && type[5] == '1' ? 10 : 20;
                }

                break;
        }

        subscriptions.Set(instrument.Token, ModeOf(streams));
    }

    /// <summary>The mode a symbol's streams amount to: any depth is Full, a bookTicker Quote, trades alone Ltp.</summary>
    private static SubscriptionMode ModeOf(BinanceSimulatedStreams streams) =>
        streams.Diff || streams.PartialLevels > 0 ? SubscriptionMode.Full : streams.BookTicker ? SubscriptionMode.Quote : SubscriptionMode.Ltp;

    private void Unsubscribe(string stream, SimulatedSubscriptions subscriptions)
    {
        int at = stream.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || FindInstrument(stream[..at]) is not SimulatedInstrument instrument || !_streams.TryGetValue(instrument.Token, out BinanceSimulatedStreams? streams))
        {
            return;
        }

        string type = stream[(at + 1)..];
        if (type == "trade")
        {
            streams.Trade = false;
        }
        else if (type == "aggTrade")
        {
            streams.AggregateTrade = false;
        }
        else if (type == "bookTicker")
        {
            streams.BookTicker = false;
        }
        else if (type.StartsWith("depth@", StringComparison.Ordinal) || type == "depth")
        {
            streams.Diff = false;
        }
        else if (type.StartsWith("depth", StringComparison.Ordinal))
        {
            streams.PartialLevels = 0;
        }

        if (!streams.Any)
        {
            _streams.Remove(instrument.Token);
            subscriptions.Remove(instrument.Token);
        }
        else
        {
            // What is left may be a lesser mode (Full → Quote when the depth stream goes).
            subscriptions.Set(instrument.Token, ModeOf(streams));
        }
    }

    private SimulatedInstrument? FindInstrument(string symbol)
    {
        foreach (SimulatedInstrument instrument in _context.Instruments)
        {
            if (instrument.Feed == FeedKind.Binance && string.Equals(instrument.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                return instrument;
            }
        }

        return null;
    }

    private Utf8JsonWriter BeginMessage(SimulatedFrameWriter frames, BinanceSimulatedStreams streams, string streamSuffix)
    {
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Text);
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString("stream"u8, streams.Instrument.Symbol.ToLowerInvariant() + streamSuffix);
        _json.WritePropertyName("data"u8);
        _json.WriteStartObject();
        return _json;
    }

    private void EndMessage(SimulatedFrameWriter frames)
    {
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
        frames.EndFrame();
    }

    private void WriteTrade(BinanceSimulatedStreams streams, in MarketEvent tick, long timeMs, SimulatedFrameWriter frames)
    {
        SimulatedInstrument instrument = streams.Instrument;
        long tradeId = streams.NextTradeId++;
        bool buyerIsMaker = tick.Tick.LastPrice < streams.LastTradePrice || (tick.Tick.LastPrice == streams.LastTradePrice && (tradeId & 1) == 0);
        streams.LastTradePrice = tick.Tick.LastPrice;
        bool aggregate = streams.AggregateTrade && !streams.Trade;
        Utf8JsonWriter json = BeginMessage(frames, streams, aggregate ? "@aggTrade" : "@trade");
        json.WriteString("e"u8, aggregate ? "aggTrade"u8 : "trade"u8);
        json.WriteNumber("E"u8, timeMs);
        json.WriteString("s"u8, instrument.Symbol.ToUpperInvariant());
        json.WriteNumber(aggregate ? "a"u8 : "t"u8, tradeId);
        BinanceSimulatedJson.WriteDecimal(json, "p"u8, tick.Tick.LastPrice, instrument.PriceDecimals);
        BinanceSimulatedJson.WriteDecimal(json, "q"u8, tick.Tick.LastQuantity, instrument.QuantityDecimals);
        if (aggregate)
        {
            json.WriteNumber("f"u8, tradeId);
            json.WriteNumber("l"u8, tradeId);
        }

        json.WriteNumber("T"u8, timeMs);
        json.WriteBoolean("m"u8, buyerIsMaker);
        json.WriteBoolean("M"u8, true);
        EndMessage(frames);

        if (frames.IsCapturing)
        {
            MarketEvent e = default;
            e.Header = Header(instrument, EventKind.Tick);
            e.Header.Flags = buyerIsMaker ? EventFlags.SellerAggressor : EventFlags.None;
            e.Header.ExchangeTimeNs = timeMs * 1_000_000;
            e.Tick.LastPrice = tick.Tick.LastPrice;
            e.Tick.LastQuantity = tick.Tick.LastQuantity;
            e.Tick.TradeId = tradeId;
            e.Tick.LastTradeTimeNs = timeMs * 1_000_000;
            e.Tick.Fields = TickFields.IsTrade | TickFields.LastPrice | TickFields.LastQuantity | TickFields.TradeId | TickFields.LastTradeTime;
            frames.Sent(e);
        }
    }

    private void WriteDiff(BinanceSimulatedStreams streams, BinanceSimulatedDiff diff, SimulatedFrameWriter frames)
    {
        SimulatedInstrument instrument = streams.Instrument;
        long timeMs = diff.TimeNs / 1_000_000;
        Utf8JsonWriter json = BeginMessage(frames, streams, "@depth@100ms");
        json.WriteString("e"u8, "depthUpdate"u8);
        json.WriteNumber("E"u8, timeMs);
        json.WriteString("s"u8, instrument.Symbol.ToUpperInvariant());
        json.WriteNumber("U"u8, diff.FirstUpdateId);
        json.WriteNumber("u"u8, diff.FinalUpdateId);
        WriteLevels(json, "b"u8, diff.Bids, instrument);
        WriteLevels(json, "a"u8, diff.Asks, instrument);
        EndMessage(frames);

        if (frames.IsCapturing)
        {
            // What a decoder that does not synchronize books publishes for this message.
            EventHeader header = Header(instrument, EventKind.Depth);
            header.ExchangeTimeNs = timeMs * 1_000_000;
            var sink = new BinanceCaptureSink(frames);
            BinanceDepthWriter.Publish(ref sink, header, DepthUpdateKind.Diff, diff.FirstUpdateId, diff.FinalUpdateId, diff.Bids, diff.Asks);
        }
    }

    private void WriteBookTicker(BinanceSimulatedStreams streams, SimulatedFrameWriter frames)
    {
        SimulatedInstrument instrument = streams.Instrument;
        (long updateId, DepthLevel bid, DepthLevel ask) = _market.Top(instrument.Symbol);
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Text);
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString("stream"u8, instrument.Symbol.ToLowerInvariant() + "@bookTicker");
        _json.WritePropertyName("data"u8);
        _json.WriteStartObject();
        _json.WriteNumber("u"u8, updateId);
        _json.WriteString("s"u8, instrument.Symbol.ToUpperInvariant());
        BinanceSimulatedJson.WriteDecimal(_json, "b"u8, bid.Price, instrument.PriceDecimals);
        BinanceSimulatedJson.WriteDecimal(_json, "B"u8, bid.Quantity, instrument.QuantityDecimals);
        BinanceSimulatedJson.WriteDecimal(_json, "a"u8, ask.Price, instrument.PriceDecimals);
        BinanceSimulatedJson.WriteDecimal(_json, "A"u8, ask.Quantity, instrument.QuantityDecimals);
        EndMessage(frames);

        if (frames.IsCapturing)
        {
            MarketEvent e = default;
            e.Header = Header(instrument, EventKind.Quote);
            e.Header.Flags = EventFlags.ExchangeTimeFromReceive;
            e.Quote.BidPrice = bid.Price;
            e.Quote.BidQuantity = bid.Quantity;
            e.Quote.AskPrice = ask.Price;
            e.Quote.AskQuantity = ask.Quantity;
            e.Quote.UpdateId = updateId;
            frames.Sent(e);
        }
    }

    private void WritePartialDepth(BinanceSimulatedStreams streams, SimulatedFrameWriter frames)
    {
        SimulatedInstrument instrument = streams.Instrument;
        (long updateId, DepthLevel[] bids, DepthLevel[] asks) = _market.TopLevels(instrument.Symbol, streams.PartialLevels);
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Text);
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString("stream"u8, instrument.Symbol.ToLowerInvariant() + "@depth" + streams.PartialLevels + "@100ms");
        _json.WritePropertyName("data"u8);
        _json.WriteStartObject();
        _json.WriteNumber("lastUpdateId"u8, updateId);
        WriteLevels(_json, "bids"u8, bids, instrument);
        WriteLevels(_json, "asks"u8, asks, instrument);
        EndMessage(frames);

        if (frames.IsCapturing)
        {
            EventHeader header = Header(instrument, EventKind.Depth);
            header.Flags = EventFlags.ExchangeTimeFromReceive;
            var sink = new BinanceCaptureSink(frames);
            BinanceDepthWriter.Publish(ref sink, header, DepthUpdateKind.Snapshot, updateId, updateId, bids, asks);
        }
    }

    private static void WriteLevels(Utf8JsonWriter json, ReadOnlySpan<byte> name, DepthLevel[] levels, SimulatedInstrument instrument)
    {
        json.WriteStartArray(name);
        foreach (DepthLevel level in levels)
        {
            BinanceSimulatedJson.WriteLevel(json, level.Price, level.Quantity, instrument);
        }

        json.WriteEndArray();
    }

    private static EventHeader Header(SimulatedInstrument instrument, EventKind kind) => new()
    {
        Kind = kind,
        Feed = FeedKind.Binance,
        PriceDecimals = instrument.PriceDecimals,
        QuantityDecimals = instrument.QuantityDecimals,
        Instrument = InstrumentId.From(FeedKind.Binance, instrument.Token),
    };

    private void WriteResult(SimulatedFrameWriter replies, JsonElement? id, string[]? result)
    {
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Text);
        _json.Reset(output);
        _json.WriteStartObject();
        if (result is null)
        {
            _json.WriteNull("result"u8);
        }
        else
        {
            _json.WriteStartArray("result"u8);
            foreach (string stream in result)
            {
                _json.WriteStringValue(stream);
            }

            _json.WriteEndArray();
        }

        WriteId(id);
        _json.WriteEndObject();
        _json.Flush();
        replies.EndFrame();
    }

    private void WriteError(SimulatedFrameWriter replies, int code, string message, JsonElement? id)
    {
        _context.Logger.LogWarning("Binance simulator connection {Id}: rejected request: {Message}", _context.ConnectionId, message);
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Text);
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteNumber("code"u8, code);
        _json.WriteString("msg"u8, message);
        WriteId(id);
        _json.WriteEndObject();
        _json.Flush();
        replies.EndFrame();
    }

    private void WriteId(JsonElement? id)
    {
        if (id is { ValueKind: JsonValueKind.Number or JsonValueKind.String } value)
        {
            _json.WritePropertyName("id"u8);
            value.WriteTo(_json);
        }
        else
        {
            _json.WriteNull("id"u8);
        }
    }
}
