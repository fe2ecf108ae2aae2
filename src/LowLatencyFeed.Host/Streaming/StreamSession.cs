using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Processing.Books;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// One <c>/api/stream</c> WebSocket: the receive loop applies subscribe/unsubscribe messages (a malformed one gets an
/// <c>error</c> message, the connection stays), the send loop writes JSON messages (README "Live stream").
/// </summary>
public sealed class StreamSession
{
    private const int MaxClientMessageBytes = 64 * 1024;
    private readonly WebSocket _socket;
    private readonly StreamHub _hub;
    private readonly StreamClient _client;
    private readonly InstrumentCatalog _catalog;
    private readonly BookSnapshotBoard _books;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly DepthLevel[] _bids;
    private readonly DepthLevel[] _asks;

    /// <summary>Creates the session of <paramref name="socket"/>.</summary>
    public StreamSession(WebSocket socket, StreamHub hub, InstrumentCatalog catalog, BookSnapshotBoard books)
    {
        _socket = socket;
        _hub = hub;
        _catalog = catalog;
        _books = books;
        _client = hub.Connect();
        _json = new Utf8JsonWriter(_buffer);
        _bids = new DepthLevel[hub.Options.DepthLevels];
        _asks = new DepthLevel[hub.Options.DepthLevels];
    }

    /// <summary>The stage's view of this client.</summary>
    public StreamClient Client => _client;

    /// <summary>Runs until either side closes or the client is disconnected.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, _client.Closing);
        Task sending = SendLoopAsync(stop.Token);
        Task receiving = ReceiveLoopAsync(stop.Token);
        try
        {
            await Task.WhenAny(sending, receiving).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await CloseAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(sending, receiving).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
            {
            }
        }
        finally
        {
            _hub.Remove(_client);
            _client.Disconnect("closed");
            await _json.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task CloseAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        // A stalled client cannot take a close frame: give it a second, then abort.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            string reason = _client.DisconnectReason is { } why && why != "closed" ? why : "closing";
            await _socket.CloseOutputAsync(
                reason.StartsWith("slow", StringComparison.Ordinal) ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure,
                reason.Length > 120 ? reason[..120] : reason,
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxClientMessageBytes];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length = 0;
            bool endOfMessage;
            do
            {
                if (length == buffer.Length)
                {
                    _client.Disconnect($"message larger than {MaxClientMessageBytes} bytes");
                    return;
                }

                ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += result.Count;
                endOfMessage = result.EndOfMessage;
            }
            while (!endOfMessage);

            Apply(buffer.AsSpan(0, length));
        }
    }

    private void Apply(ReadOnlySpan<byte> message)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(message.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("subscribe", out JsonElement subscribe))
            {
                if (Parse(subscribe, out StreamChannels channels, out HashSet<long>? instruments) is { } error)
                {
                    Error(error);
                    return;
                }

                StreamSubscription current = _client.Subscription;
                HashSet<long>? merged = instruments is null || (current.Channels != StreamChannels.None && current.Instruments is null)
                    ? null
                    : [.. current.Channels == StreamChannels.None ? [] : current.Instruments!, .. instruments];
                _client.Subscription = new StreamSubscription(current.Channels | channels, merged);
                Acknowledge("subscribed");
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("unsubscribe", out JsonElement unsubscribe))
            {
                if (Parse(unsubscribe, out StreamChannels channels, out HashSet<long>? instruments) is { } error)
                {
                    Error(error);
                    return;
                }

                StreamSubscription current = _client.Subscription;
                _client.Subscription = instruments is null || current.Instruments is null
                    ? new StreamSubscription(current.Channels & ~channels, current.Instruments)
                    : new StreamSubscription(current.Channels, [.. current.Instruments.Where(i => !instruments.Contains(i))]);
                Acknowledge("unsubscribed");
            }
            else
            {
                Error("expected {\"subscribe\": {...}} or {\"unsubscribe\": {...}}");
            }
        }
        catch (JsonException exception)
        {
            Error($"malformed JSON: {exception.Message}");
        }
    }

    private string? Parse(JsonElement request, out StreamChannels channels, out HashSet<long>? instruments)
    {
        channels = StreamChannels.None;
        instruments = null;
        if (request.ValueKind != JsonValueKind.Object)
        {
            return "the subscription must be an object with 'channels' and optional 'instruments'";
        }

        if (request.TryGetProperty("channels", out JsonElement channelList))
        {
            if (channelList.ValueKind != JsonValueKind.Array)
            {
                return "'channels' must be an array";
            }

            foreach (JsonElement channel in channelList.EnumerateArray())
            {
                StreamChannels parsed = channel.GetString() switch
                {
                    "ticks" => StreamChannels.Ticks,
                    "trades" => StreamChannels.Trades,
                    "quotes" => StreamChannels.Quotes,
                    "depth" => StreamChannels.Depth,
                    _ => StreamChannels.None,
                };
                if (parsed == StreamChannels.None)
                {
                    return $"unknown channel {channel.GetRawText()} (ticks, trades, quotes, depth)";
                }

                channels |= parsed;
            }
        }

        if (request.TryGetProperty("instruments", out JsonElement instrumentList))
        {
            if (instrumentList.ValueKind != JsonValueKind.Array)
            {
                return "'instruments' must be an array";
            }

            instruments = [];
            foreach (JsonElement instrument in instrumentList.EnumerateArray())
            {
                string? text = instrument.ValueKind == JsonValueKind.String ? instrument.GetString() : instrument.GetRawText();
                if (text == "*")
                {
                    instruments = null;
                    break;
                }

                if (_catalog.Find(text) is not { } info)
                {
                    return $"unknown instrument '{text}'";
                }

                instruments.Add(info.InstrumentId);
            }
        }

        return null;
    }

    private void Acknowledge(string type)
    {
        StreamSubscription current = _client.Subscription;
        var text = new StringBuilder();
        text.Append("{\"type\":\"").Append(type).Append("\",\"channels\":").Append((int)current.Channels)
            .Append(",\"instruments\":").Append(current.Instruments?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "\"*\"").Append('}');
        _client.SendControl(text.ToString());
    }

    private void Error(string message) =>
        _client.SendControl("{\"type\":\"error\",\"message\":" + JsonSerializer.Serialize(message, StreamJsonContext.Default.String) + "}");

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            bool sent = false;
            while (_client.TryTakeControl(out string? control))
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(control!), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                sent = true;
            }

            long drops = _client.TakeDrops();
            if (drops > 0)
            {
                _json.WriteStartObject();
                _json.WriteString("type", "gap");
                _json.WriteNumber("dropped", drops);
                _json.WriteNumber("droppedTotal", _client.Dropped);
                _json.WriteEndObject();
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                sent = true;
            }

            // Bounded rounds so quotes and depth are not starved by a busy tick queue.
            for (int i = 0; i < 256 && _client.TryTake(out StreamItem item); i++)
            {
                WriteItem(in item);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                sent = true;
            }

            for (int i = 0; i < 256 && _client.TryTakeQuote(out _, out EventHeader header, out QuotePayload quote); i++)
            {
                WriteQuote(in header, in quote);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                sent = true;
            }

            for (int i = 0; i < 64 && _client.TryTakeDepth(out int index); i++)
            {
                if (WriteDepth(_hub.InstrumentAt(index)))
                {
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    sent = true;
                }
            }

            if (!sent)
            {
                _client.CaughtUp();
                if (!await _client.WaitAsync(_hub.Options.HeartbeatInterval, cancellationToken).ConfigureAwait(false))
                {
                    _json.WriteStartObject();
                    _json.WriteString("type", "heartbeat");
                    _json.WriteString("time", DateTimeOffset.UtcNow);
                    _json.WriteEndObject();
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _json.Flush();
        await _socket.SendAsync(_buffer.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
    }

    private void WriteItem(in StreamItem item)
    {
        _json.WriteStartObject();
        _json.WriteString("type", item.IsTrade ? "trade" : "tick");
        WriteInstrument(item.Instrument);
        _json.WriteString("time", DateTimeOffset.UnixEpoch.AddTicks(item.TimeNs / 100));
        _json.WriteNumber("seq", item.Sequence);
        var fields = (TickFields)item.Fields;
        if ((fields & TickFields.LastPrice) != 0)
        {
            _json.WriteNumber("price", FixedPoint.ToDecimal(item.Price, item.PriceDecimals));
        }

        if ((fields & TickFields.LastQuantity) != 0)
        {
            _json.WriteNumber("quantity", FixedPoint.ToDecimal(item.Quantity, item.QuantityDecimals));
        }

        if (!item.IsTrade && (fields & TickFields.CumulativeVolume) != 0)
        {
            _json.WriteNumber("volume", FixedPoint.ToDecimal(item.Volume, item.QuantityDecimals));
        }

        if (item.IsTrade && item.TradeId != 0)
        {
            _json.WriteNumber("tradeId", item.TradeId);
        }

        _json.WriteEndObject();
    }

    private void WriteQuote(in EventHeader header, in QuotePayload quote)
    {
        _json.WriteStartObject();
        _json.WriteString("type", "quote");
        WriteInstrument(header.Instrument);
        _json.WriteString("time", DateTimeOffset.UnixEpoch.AddTicks((header.ExchangeTimeNs != 0 ? header.ExchangeTimeNs : header.ReceiveTimeNs) / 100));
        _json.WriteNumber("seq", header.Sequence);
        _json.WriteNumber("bid", FixedPoint.ToDecimal(quote.BidPrice, header.PriceDecimals));
        _json.WriteNumber("bidQuantity", FixedPoint.ToDecimal(quote.BidQuantity, header.QuantityDecimals));
        _json.WriteNumber("ask", FixedPoint.ToDecimal(quote.AskPrice, header.PriceDecimals));
        _json.WriteNumber("askQuantity", FixedPoint.ToDecimal(quote.AskQuantity, header.QuantityDecimals));
        _json.WriteEndObject();
    }

    private bool WriteDepth(InstrumentId instrument)
    {
        if (!_books.TryRead(instrument, _bids, _asks, out BookSnapshotInfo info) || info.Version == 0)
        {
            return false;
        }

        _json.WriteStartObject();
        _json.WriteString("type", "depth");
        WriteInstrument(instrument);
        _json.WriteString("time", DateTimeOffset.UnixEpoch.AddTicks(info.TimeNs / 100));
        _json.WriteNumber("seq", info.Sequence);
        WriteLevels("bids", _bids.AsSpan(0, info.BidCount), info);
        WriteLevels("asks", _asks.AsSpan(0, info.AskCount), info);
        _json.WriteEndObject();
        return true;
    }

    private void WriteLevels(string name, ReadOnlySpan<DepthLevel> levels, in BookSnapshotInfo info)
    {
        _json.WriteStartArray(name);
        foreach (DepthLevel level in levels)
        {
            _json.WriteStartArray();
            _json.WriteNumberValue(FixedPoint.ToDecimal(level.Price, info.PriceDecimals));
            _json.WriteNumberValue(FixedPoint.ToDecimal(level.Quantity, info.QuantityDecimals));
            _json.WriteEndArray();
        }

        _json.WriteEndArray();
    }

    private void WriteInstrument(InstrumentId instrument)
    {
        // Feed:Token without a string allocation per message.
        Span<char> text = stackalloc char[32];
        string feed = instrument.Feed switch
        {
            FeedKind.Kite => "Kite",
            FeedKind.Dhan => "Dhan",
            FeedKind.Binance => "Binance",
            FeedKind.Kotak => "Kotak",
            _ => "None",
        };
        feed.AsSpan().CopyTo(text);
        text[feed.Length] = ':';
        instrument.Token.TryFormat(text[(feed.Length + 1)..], out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        _json.WriteString("instrument", text[..(feed.Length + 1 + written)]);
    }
}
