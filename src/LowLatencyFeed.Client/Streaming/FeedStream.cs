using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace LowLatencyFeed.Client.Streaming;

/// <summary>
/// One <c>/api/stream</c> connection: send subscribe/unsubscribe/replay requests, read typed messages with
/// <see cref="ReadAllAsync"/>. Reads must come from one reader at a time; sends may interleave with reading.
/// </summary>
public sealed class FeedStream : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    private FeedStream(ClientWebSocket socket) => _socket = socket;

    /// <summary>The socket's state.</summary>
    public WebSocketState State => _socket.State;

    /// <summary>Why the server closed the connection, once it did.</summary>
    public string? CloseReason => _socket.CloseStatusDescription;

    /// <summary>Connects to <c>/api/stream</c> under <paramref name="baseAddress"/>.</summary>
    public static Task<FeedStream> ConnectAsync(Uri baseAddress, string? apiKey = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(baseAddress, apiKey, format: null, cancellationToken);

    /// <summary>Connects to <c>/api/stream?format=<paramref name="format"/></c> (<c>json</c> or <c>binary</c>: the form of data messages until a subscription changes it).</summary>
    public static async Task<FeedStream> ConnectAsync(Uri baseAddress, string? apiKey, string? format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var builder = new UriBuilder(new Uri(baseAddress, "api/stream")) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws" };
        if (format is not null)
        {
            builder.Query = "format=" + Uri.EscapeDataString(format);
        }

        var socket = new ClientWebSocket();
        if (apiKey is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + apiKey);
        }

        try
        {
            await socket.ConnectAsync(builder.Uri, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new FeedStream(socket);
    }

    /// <summary>Subscribes to <paramref name="channels"/> (<c>ticks</c>, <c>bars:1m</c>, …) of <paramref name="instruments"/> (null: all).</summary>
    public Task SubscribeAsync(IEnumerable<string> channels, IEnumerable<string>? instruments = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync("subscribe", channels, instruments, null, cancellationToken);

    /// <summary>
    /// Subscribes as <see cref="SubscribeAsync(IEnumerable{string}, IEnumerable{string}?, CancellationToken)"/> and
    /// sets the connection's data messages to <paramref name="format"/>: <c>json</c> or <c>binary</c> (the compact
    /// little-endian form; <see cref="ReadAllAsync"/> reads both into the same records).
    /// </summary>
    public Task SubscribeAsync(IEnumerable<string> channels, IEnumerable<string>? instruments, string format, CancellationToken cancellationToken = default) =>
        SendRequestAsync("subscribe", channels, instruments, format, cancellationToken);

    /// <summary>
    /// Subscribes as <see cref="SubscribeAsync(IEnumerable{string}, IEnumerable{string}?, string, CancellationToken)"/>
    /// and, with <paramref name="batch"/>, asks for several data messages per WebSocket message (fewer socket sends;
    /// <see cref="ReadAllAsync"/> splits them).
    /// </summary>
    public Task SubscribeAsync(IEnumerable<string> channels, IEnumerable<string>? instruments, string format, bool batch, CancellationToken cancellationToken = default) =>
        SendRequestAsync("subscribe", channels, instruments, format, cancellationToken, batch);

    /// <summary>Removes channels, or instruments.</summary>
    public Task UnsubscribeAsync(IEnumerable<string> channels, IEnumerable<string>? instruments = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync("unsubscribe", channels, instruments, null, cancellationToken);

    /// <summary>Starts a replay; its messages follow on this connection, then an <see cref="EndMessage"/>.</summary>
    public Task StartReplayAsync(ReplayRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendJsonAsync(
            json =>
            {
                json.WriteStartObject();
                json.WriteStartObject("replay");
                if (request.From is { } from)
                {
                    json.WriteString("from", from.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                }

                if (request.To is { } to)
                {
                    json.WriteString("to", to.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                }

                json.WriteString("speed", request.Speed);
                WriteList(json, "instruments", request.Instruments);
                WriteList(json, "channels", request.Channels);
                if (request.Format is not null)
                {
                    json.WriteString("format", request.Format);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            },
            cancellationToken);
    }

    /// <summary>Sends <paramref name="text"/> as it is (a request this client has no method for).</summary>
    public async Task SendRawAsync(string text, CancellationToken cancellationToken = default)
    {
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Receives the next fragment of a message as raw UTF-8 (benchmarks, custom parsers); a close ends with <c>MessageType</c> Close.</summary>
    public ValueTask<ValueWebSocketReceiveResult> ReceiveRawAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _socket.ReceiveAsync(buffer, cancellationToken);

    /// <summary>
    /// Every message until the server closes the connection (or <paramref name="cancellationToken"/> fires): text
    /// messages read as JSON, binary ones (<c>"format": "binary"</c>) through <see cref="StreamBinaryReader"/>, into the
    /// same records.
    /// </summary>
    public async IAsyncEnumerable<StreamMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan().CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        yield break;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                bool binary = result.MessageType == WebSocketMessageType.Binary;
                if (StreamBatchReader.IsBatch(buffer.AsSpan(0, length), binary))
                {
                    foreach (StreamMessage batched in StreamBatchReader.Read(buffer.AsSpan(0, length), binary))
                    {
                        yield return batched;
                    }

                    continue;
                }

                yield return binary
                    ? StreamBinaryReader.Read(buffer.AsSpan(0, length))
                    : StreamMessageReader.Read(buffer.AsSpan(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
        _sendGate.Dispose();
    }

    private static void WriteList(Utf8JsonWriter json, string name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private Task SendRequestAsync(string verb, IEnumerable<string> channels, IEnumerable<string>? instruments, string? format, CancellationToken cancellationToken, bool? batch = null) =>
        SendJsonAsync(
            json =>
            {
                json.WriteStartObject();
                json.WriteStartObject(verb);
                WriteList(json, "channels", channels);
                WriteList(json, "instruments", instruments);
                if (format is not null)
                {
                    json.WriteString("format", format);
                }

                if (batch is { } batched)
                {
                    json.WriteBoolean("batch", batched);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            },
            cancellationToken);

    private async Task SendJsonAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }
}
