using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Books;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// One <c>/api/stream</c> WebSocket: the receive loop applies subscribe/unsubscribe/replay requests (a malformed one
/// gets an <c>error</c> message, the connection stays), the send loop writes JSON messages (README "Live stream").
/// </summary>
public sealed class StreamSession
{
    private const int MaxClientMessageBytes = 64 * 1024;
    private readonly WebSocket _socket;
    private readonly StreamServices _services;
    private readonly StreamClient _client;
    private readonly StreamRequestParser _parser;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly DepthLevel[] _bids;
    private readonly DepthLevel[] _asks;
    private Task? _replay;

    /// <summary>Creates the session of <paramref name="socket"/>, sending data messages as <paramref name="format"/> until a subscription asks otherwise.</summary>
    public StreamSession(WebSocket socket, StreamServices services, StreamFormat format = StreamFormat.Json, bool batch = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        _socket = socket;
        _services = services;
        _client = services.Hub.Connect();
        _client.Format = format;
        _client.Batch = batch;
        int maxLevels = Math.Max(services.Hub.Options.DepthLevels, services.Books.MaxLevels);
        _parser = new StreamRequestParser(services.Catalog, services.Derived, maxLevels);
        _json = new Utf8JsonWriter(_buffer);
        _bids = new DepthLevel[maxLevels];
        _asks = new DepthLevel[maxLevels];
    }

    /// <summary>The stages' view of this client.</summary>
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
                await Task.WhenAll(_replay is null ? [sending, receiving] : [sending, receiving, _replay]).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
            {
            }
        }
        finally
        {
            _services.Hub.Remove(_client);
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

            Apply(buffer.AsMemory(0, length), cancellationToken);
        }
    }

    private void Apply(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(message);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("subscribe", out JsonElement subscribe))
            {
                Change(subscribe, adding: true);
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("unsubscribe", out JsonElement unsubscribe))
            {
                Change(unsubscribe, adding: false);
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("replay", out JsonElement replay))
            {
                StartReplay(replay, cancellationToken);
            }
            else
            {
                Error("expected {\"subscribe\": {...}}, {\"unsubscribe\": {...}} or {\"replay\": {...}}");
            }
        }
        catch (JsonException exception)
        {
            Error($"malformed JSON: {exception.Message}");
        }
    }

    private void Change(JsonElement request, bool adding)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            Error("the subscription must be an object with 'channels' and optional 'instruments'");
            return;
        }

        if (_parser.ParseChannels(request, out StreamChannels channels, out ulong derived) is { } channelError)
        {
            Error(channelError);
            return;
        }

        if (_parser.ParseInstruments(request, out HashSet<long>? instruments) is { } instrumentError)
        {
            Error(instrumentError);
            return;
        }

        if (_parser.ParseDepthLevels(request, out int depthLevels) is { } depthError)
        {
            Error(depthError);
            return;
        }

        if (StreamRequestParser.ParseFormat(request, out StreamFormat? format) is { } formatError)
        {
            Error(formatError);
            return;
        }

        if (StreamRequestParser.ParseBatch(request, out bool? batch) is { } batchError)
        {
            Error(batchError);
            return;
        }

        if (depthLevels > 0)
        {
            _client.DepthLevels = depthLevels;
        }

        if (batch is { } batched)
        {
            _client.Batch = batched;
        }

        if (format is { } chosen)
        {
            _client.Format = chosen;
        }

        StreamSubscription current = _client.Subscription;
        if (adding)
        {
            HashSet<long>? merged = instruments is null || (!current.IsEmpty && current.Instruments is null)
                ? null
                : [.. current.IsEmpty ? [] : current.Instruments!, .. instruments];
            _client.Subscription = new StreamSubscription(current.Channels | channels, current.Derived | derived, merged);
        }
        else
        {
            _client.Subscription = instruments is null || current.Instruments is null
                ? new StreamSubscription(current.Channels & ~channels, current.Derived & ~derived, current.Instruments)
                : new StreamSubscription(current.Channels, current.Derived, [.. current.Instruments.Where(i => !instruments.Contains(i))]);
        }

        Acknowledge(adding ? "subscribed" : "unsubscribed");
    }

    private void StartReplay(JsonElement request, CancellationToken cancellationToken)
    {
        if (_replay is { IsCompleted: false })
        {
            Error("a replay is running on this connection: wait for its 'end' message");
            return;
        }

        if (_parser.ParseReplay(request, out StreamReplayRequest? replay) is { } error)
        {
            Error(error);
            return;
        }

        _replay = new StreamReplay(_client, replay! with { Format = replay!.Format ?? _client.Format }, _services).RunAsync(cancellationToken);
    }

    private void Acknowledge(string type)
    {
        StreamSubscription current = _client.Subscription;
        _json.WriteStartObject();
        _json.WriteString("type", type);
        _json.WriteNumber("channels", (int)current.Channels);
        _json.WriteStartArray("derived");
        for (int i = 0; i < _services.Derived.Channels.Count; i++)
        {
            if ((current.Derived & (1UL << i)) != 0)
            {
                _json.WriteStringValue(_services.Derived.Channels[i].Name);
            }
        }

        _json.WriteEndArray();
        if (current.Instruments is null)
        {
            _json.WriteString("instruments", "*");
        }
        else
        {
            _json.WriteNumber("instruments", current.Instruments.Count);
        }

        _json.WriteNumber("depthLevels", _client.DepthLevels > 0 ? _client.DepthLevels : _services.Hub.Options.DepthLevels);
        _json.WriteString("format", _client.Format == StreamFormat.Binary ? "binary" : "json");
        if (_client.Batch)
        {
            _json.WriteBoolean("batch", true);
        }

        _json.WriteEndObject();
        _client.SendControl(TakeText());
    }

    private void Error(string message)
    {
        StreamMessageWriter.WriteError(_json, message);
        _client.SendControl(TakeText());
    }

    private string TakeText()
    {
        // Control messages are written on the receive loop, market data on the send loop: each takes its text whole.
        _json.Flush();
        string text = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        return text;
    }

    /// <summary>Most bytes of one batched WebSocket message (<see cref="StreamBatch"/>).</summary>
    public const int BatchBytes = 16 * 1024;

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        // The send loop has its own writer: the receive loop writes control messages concurrently.
        var buffer = new ArrayBufferWriter<byte>(4096);
        await using var json = new Utf8JsonWriter(buffer);
        var sender = new MessageSender(_socket, buffer, json);
        byte[] message = new byte[Math.Max(StreamMessageLog.MaxMessageBytes, StreamBinaryMessages.DepthBytes(_bids.Length))];
        StreamMessageLog quoteLog = _services.Hub.QuoteLog;
        StreamMessageLog derivedLog = _services.Hub.DerivedLog;
        var batch = new StreamBatch(BatchBytes);
        byte[] run = new byte[BatchBytes];
        while (!cancellationToken.IsCancellationRequested)
        {
            bool sent = false;
            while (_client.TryTakeControl(out string? control))
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(control!), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                sent = true;
            }

            if (_client.TryTakeStatus(out string? status))
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(status!), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                sent = true;
            }

            sent |= await SendGapsAsync(sender, json, cancellationToken).ConfigureAwait(false);

            // Bounded rounds so no kind of message starves the others. Ticks, trades, quotes and derived messages were
            // formatted once by the stages for every client: the sender copies them out of the shared logs.
            bool batched = _client.Batch;
            if (batched && _client.ReadsTickLog)
            {
                // A batched firehose client: each run of tick log records becomes one batch with one check against
                // the writer for the whole run — binary: copied in one piece behind the header, as the log holds it;
                // JSON: its messages copied straight from the log into the array. Copy, then check, then send:
                // bytes handed to the socket cannot be taken back if the writer came round over them during a send
                // (which a stalled socket can make last any time), and the WebSocket copies the payload into its own
                // frame buffer anyway, so sending from the log itself would save one copy per batch at the price of a
                // client possibly reading a torn batch.
                for (int i = 0; i < 64; i++)
                {
                    int length = _client.ReadMarketBatch(run, out bool binary);
                    if (length == 0)
                    {
                        break;
                    }

                    await _socket.SendAsync(run.AsMemory(0, length), binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                    sent = true;
                }
            }

            for (int i = 0; i < 256; i++)
            {
                int length = _client.ReadMarket(message);
                if (length == 0)
                {
                    break;
                }

                await SendCopiedAsync(message, length, batched ? batch : null, cancellationToken).ConfigureAwait(false);
                sent = true;
            }

            for (int i = 0; i < 256 && _client.TryTakeDerived(out long position); i++)
            {
                await SendFromLogAsync(derivedLog, position, message, derived: true, batched ? batch : null, cancellationToken).ConfigureAwait(false);
                sent = true;
            }

            for (int i = 0; i < 256 && _client.TryTakeQuote(out _, out long position); i++)
            {
                await SendFromLogAsync(quoteLog, position, message, derived: false, batched ? batch : null, cancellationToken).ConfigureAwait(false);
                sent = true;
            }

            // What this round batched goes before depth, replay and the next round's control messages.
            await batch.SendAsync(_socket, cancellationToken).ConfigureAwait(false);

            // Depth is read from the book board by each sender: its level count is per connection.
            int levels = _client.DepthLevels > 0 ? _client.DepthLevels : _services.Hub.Options.DepthLevels;
            for (int i = 0; i < 64 && _client.TryTakeDepth(out int index); i++)
            {
                if (_client.Format == StreamFormat.Binary)
                {
                    int length = StreamBinaryMessages.WriteDepth(message, _services.Books, _services.Hub.InstrumentAt(index), _bids.AsSpan(0, levels), _asks.AsSpan(0, levels));
                    if (length > 0)
                    {
                        await _socket.SendAsync(message.AsMemory(0, length), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
                        sent = true;
                    }
                }
                else if (StreamMessageWriter.WriteDepth(json, _services.Books, _services.Hub.InstrumentAt(index), _bids.AsSpan(0, levels), _asks.AsSpan(0, levels)))
                {
                    await sender.FlushAsync(cancellationToken).ConfigureAwait(false);
                    sent = true;
                }
            }

            if (_client.TryTakeReplay(out ReplayChunk? chunk))
            {
                for (int i = 0; i < chunk!.Count; i++)
                {
                    await _socket.SendAsync(chunk.Message(i), chunk.IsBinary(i) ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                }

                chunk.Recycle();
                _client.ReplayChunkSent();
                sent = true;
            }

            if (!sent)
            {
                _client.CaughtUp();
                if (!await _client.WaitAsync(_services.Hub.Options.HeartbeatInterval, cancellationToken).ConfigureAwait(false))
                {
                    json.WriteStartObject();
                    json.WriteString("type", "heartbeat");
                    json.WriteString("time", DateTimeOffset.UtcNow);
                    json.WriteEndObject();
                    await sender.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async ValueTask SendFromLogAsync(StreamMessageLog log, long position, byte[] message, bool derived, StreamBatch? batch, CancellationToken cancellationToken)
    {
        if (!log.TryCopy(position, message, out int length))
        {
            // The stage came round the log over this message before this client took it: it is lost for this client.
            if (derived)
            {
                _client.CountDerivedDrop();
            }
            else
            {
                _client.CountMarketDrop();
            }

            return;
        }

        await SendCopiedAsync(message, length, batch, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SendCopiedAsync(byte[] message, int length, StreamBatch? batch, CancellationToken cancellationToken)
    {
        // A JSON message starts with '{'; a binary one with its type byte (1..8).
        bool binary = message[0] != (byte)'{';
        if (batch is not null)
        {
            if (!batch.TryAdd(message.AsSpan(0, length), binary))
            {
                await batch.SendAsync(_socket, cancellationToken).ConfigureAwait(false);
                batch.TryAdd(message.AsSpan(0, length), binary);
            }

            return;
        }

        await _socket.SendAsync(message.AsMemory(0, length), binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<bool> SendGapsAsync(MessageSender sender, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        bool sent = false;
        for (int queue = 0; queue < 2; queue++)
        {
            long drops = queue == 0 ? _client.TakeDrops() : _client.TakeDerivedDrops();
            if (drops > 0)
            {
                json.WriteStartObject();
                json.WriteString("type", "gap");
                json.WriteString("queue", queue == 0 ? "market" : "derived");
                json.WriteNumber("dropped", drops);
                json.WriteNumber("droppedTotal", queue == 0 ? _client.Dropped : _client.DerivedDropped);
                json.WriteEndObject();
                await sender.FlushAsync(cancellationToken).ConfigureAwait(false);
                sent = true;
            }
        }

        return sent;
    }

    /// <summary>Sends what the send loop's writer holds as one text message, then reuses the buffer.</summary>
    private sealed class MessageSender(WebSocket socket, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json)
    {
        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            json.Flush();
            await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            buffer.ResetWrittenCount();
            json.Reset(buffer);
        }
    }
}
