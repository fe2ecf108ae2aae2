using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.WebSockets;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport;

/// <summary>The receive loop: socket → pipe, one length-prefixed record per WebSocket message.</summary>
public sealed partial class FeedSession
{
    /// <summary>
    /// Receives messages directly into pipe memory until the connection ends. Each message becomes a record: a header
    /// reserved in front of it and filled in once the last fragment has arrived, then the payload. A message that
    /// fits the reservation (<see cref="FeedSessionOptions.ReceiveBufferSize"/>) is written before any
    /// <see cref="PipeWriter.Advance"/>; a longer one continues in further segments and its header is filled in
    /// after those advances but before the flush. That relies on our own <see cref="Pipe"/> not exposing (or
    /// recycling) advanced bytes before <see cref="PipeWriter.FlushAsync"/>, which holds for <see cref="Pipe"/>;
    /// the reader therefore only ever sees whole messages. A message cut off by a disconnect is committed as a
    /// discarded record (or not at all), never decoded.
    /// </summary>
    private async Task<DisconnectInfo> ReceiveLoopAsync(ClientWebSocket socket, PipeWriter writer)
    {
        int chunk = _options.ReceiveBufferSize;
        FeedSessionStatistics statistics = Statistics;
        while (true)
        {
            Memory<byte> block = writer.GetMemory(PipeRecord.HeaderSize + chunk);
            Memory<byte> header = block[..PipeRecord.HeaderSize];
            int used = PipeRecord.HeaderSize;
            bool spilled = false;
            long length = 0;
            ValueWebSocketReceiveResult result;
            while (true)
            {
                if (used == block.Length)
                {
                    writer.Advance(used);
                    spilled = true;
                    block = writer.GetMemory(chunk);
                    used = 0;
                }

                Memory<byte> target = block.Slice(used, Math.Min(chunk, block.Length - used));
                try
                {
                    // No token: cancelling a receive aborts the socket, and we want a clean close on shutdown.
                    result = await socket.ReceiveAsync(target, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    AbandonMessage(writer, header, used, spilled, length);
                    return new DisconnectInfo(DisconnectReason.NetworkError, exception.GetBaseException().Message);
                }

                Volatile.Write(ref _lastFrameTimestamp, Stopwatch.GetTimestamp());
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    AbandonMessage(writer, header, used, spilled, length);
                    int status = socket.CloseStatus is WebSocketCloseStatus closeStatus ? (int)closeStatus : DisconnectReason.NoStatus;
                    if (_protocol is IFeedAuthRefusal refusal && refusal.IsAuthRefusal(status, socket.CloseStatusDescription))
                    {
                        // A credential checked in-band (Kotak's auth message) was refused: counted like a 401/403 handshake.
                        Statistics.CountAuthRejection();
                        return new DisconnectInfo(status, $"server closed: {socket.CloseStatus} {socket.CloseStatusDescription}: the session token was refused (expired or revoked?)");
                    }

                    return new DisconnectInfo(status, $"server closed: {socket.CloseStatus} {socket.CloseStatusDescription}");
                }

                used += result.Count;
                length += result.Count;
                if (result.EndOfMessage)
                {
                    break;
                }

                if (length > int.MaxValue - chunk)
                {
                    AbandonMessage(writer, header, used, spilled, length);
                    socket.Abort();
                    return new DisconnectInfo(DisconnectReason.NetworkError, $"message longer than {int.MaxValue - chunk} bytes");
                }
            }

            long receivedNs = _clock.UnixNanoseconds();
            PipeRecordKind kind = result.MessageType == WebSocketMessageType.Text ? PipeRecordKind.Text : PipeRecordKind.Binary;
            PipeRecord.WriteHeader(header.Span, (int)length, kind, receivedNs);
            writer.Advance(used);
            statistics.CountMessage(length);
            statistics.SetLastFrame(receivedNs);
            bool readerGone;
            try
            {
                FlushResult flush = await writer.FlushAsync().ConfigureAwait(false);
                readerGone = flush.IsCompleted;
            }
            catch (Exception)
            {
                // The decode loop failed (its exception resurfaces here); RunAsync rethrows it once the socket is closed.
                readerGone = true;
            }

            if (readerGone)
            {
                return new DisconnectInfo(DisconnectReason.ReaderStopped, "the decode loop stopped");
            }
        }
    }

    /// <summary>
    /// Drops a message cut off mid-way. Nothing committed yet: just leave it unadvanced. Part of it already advanced:
    /// commit the rest under a <see cref="PipeRecordKind.Discarded"/> header so the reader skips exactly those bytes.
    /// </summary>
    private void AbandonMessage(PipeWriter writer, Memory<byte> header, int used, bool spilled, long length)
    {
        if (length > 0 || spilled)
        {
            Statistics.CountDiscarded();
        }

        if (spilled)
        {
            PipeRecord.WriteHeader(header.Span, (int)length, PipeRecordKind.Discarded, 0);
            writer.Advance(used);
        }
    }
}
