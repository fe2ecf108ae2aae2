using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.WebSockets;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport;

/// <summary>The connect / subscribe / stream / reconnect cycle (the pipe's only writer).</summary>
public sealed partial class FeedSession
{
    private async Task ConnectionLoopAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        // Consecutive failed attempts since the last connection that delivered data: the backoff exponent.
        int failures = 0;
        long connections = 0;
        long previousLastFrameNs = 0;
        bool first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!first)
            {
                TimeSpan delay = _backoff.NextDelay(failures);
                Statistics.SetState(FeedSessionState.BackingOff);
                FeedSessionLog.BackingOff(_logger, _options.Name, delay.TotalMilliseconds, failures + 1);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            first = false;
            Statistics.SetState(FeedSessionState.Connecting);
            ClientWebSocket? socket = await TryConnectAsync(failures + 1, cancellationToken).ConfigureAwait(false);
            if (socket is null)
            {
                failures++;
                continue;
            }

            connections++;
            long messagesBefore = Statistics.Messages;
            DisconnectInfo end;
            using (socket)
            {
                end = await StreamConnectionAsync(socket, writer, connections, previousLastFrameNs, cancellationToken).ConfigureAwait(false);
            }

            bool stale = Interlocked.Exchange(ref _staleFired, 0) != 0;
            if (stale)
            {
                end = new DisconnectInfo(DisconnectReason.StaleFeed, $"no frame for {_options.StaleTimeout.TotalMilliseconds} ms");
            }

            previousLastFrameNs = Statistics.LastFrameUnixNs;
            Statistics.CountDisconnect();
            bool readerGone = end.Reason == DisconnectReason.ReaderStopped;
            if (!readerGone)
            {
                long now = _clock.UnixNanoseconds();
                if (stale)
                {
                    Statistics.CountStale();
                    readerGone |= await WriteControlAsync(writer, PipeRecordKind.Stale, 0, Volatile.Read(ref _staleSilenceNs), _options.StaleTimeout.Ticks * TimeSpan.NanosecondsPerTick, now).ConfigureAwait(false);
                }

                readerGone |= await WriteControlAsync(writer, PipeRecordKind.Disconnected, end.Reason, connections, previousLastFrameNs, now).ConfigureAwait(false);
            }

            if (readerGone)
            {
                break;
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                FeedSessionLog.Disconnected(_logger, _options.Name, end.Reason, end.Description);
            }

            failures = Statistics.Messages > messagesBefore ? 0 : failures + 1;
        }
    }

    private async Task<ClientWebSocket?> TryConnectAsync(int attempt, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            ClientWebSocketOptions socketOptions = socket.Options;
            socketOptions.KeepAliveInterval = _options.KeepAliveInterval;
            socketOptions.KeepAliveTimeout = _options.KeepAliveTimeout;
            foreach (KeyValuePair<string, string> header in _options.RequestHeaders)
            {
                socketOptions.SetRequestHeader(header.Key, header.Value);
            }

            socketOptions.CollectHttpResponseDetails = true; // a refused handshake's status tells a rejected token apart
            _options.ConfigureWebSocket?.Invoke(socketOptions);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(_options.Uri, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception exception)
        {
            System.Net.HttpStatusCode status = socket.HttpStatusCode;
            socket.Dispose();
            if (!cancellationToken.IsCancellationRequested)
            {
                Statistics.CountConnectFailure();
                bool refused = status is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden;
                if (refused)
                {
                    Statistics.CountAuthRejection();
                }

                string error = exception is OperationCanceledException
                    ? $"timed out after {_options.ConnectTimeout.TotalMilliseconds} ms"
                    : refused
                        ? $"the server refused the handshake with HTTP {(int)status}: the access token or credentials were rejected (expired or revoked?)"
                        : exception.GetBaseException().Message;
                FeedSessionLog.ConnectFailed(_logger, _options.Name, attempt, RedactedUri(_options.Uri), error);
            }

            return null;
        }
    }

    /// <summary>Subscribes, announces the connection to the decode loop and receives until the connection ends.</summary>
    private async Task<DisconnectInfo> StreamConnectionAsync(ClientWebSocket socket, PipeWriter writer, long connection, long previousLastFrameNs, CancellationToken cancellationToken)
    {
        long connectedNs = _clock.UnixNanoseconds();
        Volatile.Write(ref _lastFrameTimestamp, Stopwatch.GetTimestamp());
        Statistics.CountConnect();
        using var connectionDone = new CancellationTokenSource();
        Task watchdog = WatchdogAsync(socket, connectionDone.Token, cancellationToken);
        DisconnectInfo end;
        try
        {
            Statistics.SetState(FeedSessionState.Subscribing);
            IReadOnlyList<Subscription> subscriptions = Volatile.Read(ref _subscriptions);
            ControlMessagePacer? pacer = _options.ControlMessageLimit > 0 ? new ControlMessagePacer(_options.ControlMessageLimit, _options.ControlMessageWindow) : null;
            int sent = await SendSubscriptionsAsync(socket, subscriptions, pacer, cancellationToken).ConfigureAwait(false);
            SetReplyTarget(socket, connection, subscriptions, pacer);
            long gap = connection > 1 ? Math.Max(0, connectedNs - previousLastFrameNs) : 0;
            FeedSessionLog.Connected(_logger, _options.Name, RedactedUri(_options.Uri), connection, gap / 1e6, sent, subscriptions.Count);
            if (await WriteControlAsync(writer, PipeRecordKind.Connected, sent, connection, gap, connectedNs).ConfigureAwait(false))
            {
                end = new DisconnectInfo(DisconnectReason.ReaderStopped, "the decode loop stopped");
            }
            else
            {
                Statistics.SetState(FeedSessionState.Streaming);
                end = await ReceiveLoopAsync(socket, writer).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // Sending the subscriptions failed (connection lost, or cancelled while sending).
            end = new DisconnectInfo(DisconnectReason.NetworkError, exception.GetBaseException().Message);
        }

        SetReplyTarget(null, connection, [], null);
        await connectionDone.CancelAsync().ConfigureAwait(false);
        await watchdog.ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested && end.Reason != DisconnectReason.ReaderStopped)
        {
            end = new DisconnectInfo(DisconnectReason.SessionStopped, "session stopped");
        }

        await CloseAsync(socket, end).ConfigureAwait(false);
        return end;
    }

    /// <summary>The connect's subscribe messages; paced like later changes when the connection has a limit (most connects fit in one window).</summary>
    private async Task<int> SendSubscriptionsAsync(ClientWebSocket socket, IReadOnlyList<Subscription> subscriptions, ControlMessagePacer? pacer, CancellationToken cancellationToken)
    {
        IReadOnlyList<OutgoingMessage> messages = _protocol.BuildSubscriptionMessages(subscriptions);
        for (int i = 0; i < messages.Count; i++)
        {
            if (pacer is not null)
            {
                TimeSpan wait = pacer.DelayAt(_options.ControlClock.GetUtcNow());
                if (wait > TimeSpan.Zero)
                {
                    Statistics.CountControlMessageDeferred();
                    await Task.Delay(wait, _options.ControlClock, cancellationToken).ConfigureAwait(false);
                }

                pacer.Record(_options.ControlClock.GetUtcNow());
            }

            OutgoingMessage message = messages[i];
            WebSocketMessageType type = message.Kind == MessageKind.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            await socket.SendAsync(message.Payload, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            Statistics.CountControlMessageSent();
        }

        return messages.Count;
    }

    /// <summary>Completes a close the server started, or closes ourselves when we are the ones leaving.</summary>
    private async Task CloseAsync(ClientWebSocket socket, DisconnectInfo end)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout);
            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            else if (socket.State == WebSocketState.Open && end.Reason == DisconnectReason.ReaderStopped)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "consumer stopped", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // The connection is going away either way; an unclean close is not worth more than the Disconnected event.
            FeedSessionLog.CloseFailed(_logger, _options.Name, exception.GetBaseException().Message);
        }

        if (socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            socket.Abort();
        }
    }

    /// <summary>Writes a lifecycle record and flushes it; true when the decode loop has stopped reading.</summary>
    private static async ValueTask<bool> WriteControlAsync(PipeWriter writer, PipeRecordKind kind, int reason, long argument0, long argument1, long timeNs)
    {
        Span<byte> record = writer.GetSpan(PipeRecord.HeaderSize + PipeRecord.ControlPayloadSize);
        PipeRecord.WriteHeader(record, PipeRecord.ControlPayloadSize, kind, timeNs);
        PipeRecord.WriteControl(record[PipeRecord.HeaderSize..], reason, argument0, argument1);
        writer.Advance(PipeRecord.HeaderSize + PipeRecord.ControlPayloadSize);
        try
        {
            FlushResult flush = await writer.FlushAsync().ConfigureAwait(false);
            return flush.IsCompleted;
        }
        catch (Exception)
        {
            // The decode loop failed; its exception is rethrown by RunAsync.
            return true;
        }
    }

    // Brokers carry credentials in the query string (Kite api_key/access_token, Dhan token): never log it.
    private static string RedactedUri(Uri uri) =>
        string.IsNullOrEmpty(uri.Query) ? uri.ToString() : uri.GetLeftPart(UriPartial.Path) + "?<redacted>";
}
