using System.Buffers.Binary;
using System.Net.WebSockets;
using LowLatencyFeed.Client.Streaming;

namespace LowLatencyFeed.Benchmarks.Streaming;

/// <summary>
/// N <see cref="FeedStream"/> connections in this process, each subscribed to every market channel of every instrument
/// (firehose clients), each read by a task on the thread pool that counts messages and bytes and keeps nothing.
/// Used by the harness in-process (<c>--clients-process false</c>) and by the <c>stream-clients</c> child.
/// </summary>
internal sealed class StreamLoadClients : IStreamLoadClients
{
    private static readonly string[] s_channels = ["ticks", "trades", "quotes", "depth"];
    private readonly List<FeedStream> _streams = [];
    private readonly List<Task<StreamClientCounts>> _readers = [];
    private readonly CancellationTokenSource _stop = new();

    private StreamLoadClients()
    {
    }

    /// <summary>Connects <paramref name="count"/> clients to <c>/api/stream</c> under <paramref name="apiAddress"/> and subscribes each.</summary>
    public static async Task<StreamLoadClients> ConnectAsync(Uri apiAddress, int count, string format, bool batch)
    {
        var clients = new StreamLoadClients();
        try
        {
            for (int c = 0; c < count; c++)
            {
                FeedStream stream = await FeedStream.ConnectAsync(apiAddress).ConfigureAwait(false);
                clients._streams.Add(stream);
                await stream.SubscribeAsync(s_channels, null, format, batch).ConfigureAwait(false);
                CancellationToken stop = clients._stop.Token;
                clients._readers.Add(Task.Run(() => ReadAsync(stream, stop)));
            }
        }
        catch
        {
            await clients.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return clients;
    }

    public async Task<StreamClientCounts> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        StreamClientCounts total = default;
        foreach (StreamClientCounts counts in await Task.WhenAll(_readers).ConfigureAwait(false))
        {
            total = total.Add(counts);
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_readers).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }

        foreach (FeedStream stream in _streams)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private static async Task<StreamClientCounts> ReadAsync(FeedStream stream, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[64 * 1024];
        long messages = 0;
        long bytes = 0;
        int closed = 0;
        bool first = true;
        bool batched = false;
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result = await stream.ReceiveRawAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    closed = 1;
                    break;
                }

                bytes += result.Count;
                if (first)
                {
                    // A batch (binary type 0, or a JSON array) counts its messages: binary from its header, JSON by its objects.
                    batched = result.Count > 0 && (result.MessageType == WebSocketMessageType.Binary ? buffer[0] == 0 : buffer[0] == (byte)'[');
                    if (batched && result.MessageType == WebSocketMessageType.Binary && result.Count >= 4)
                    {
                        messages += BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(2));
                    }
                }

                if (batched && result.MessageType == WebSocketMessageType.Text)
                {
                    messages += buffer.AsSpan(0, result.Count).Count("{\"type\""u8);
                }
                else if (!batched && result.EndOfMessage)
                {
                    messages++;
                }

                first = result.EndOfMessage;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }

        return new StreamClientCounts(messages, bytes, closed, 0);
    }
}
