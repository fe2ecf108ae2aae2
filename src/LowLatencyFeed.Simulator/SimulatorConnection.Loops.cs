using System.Diagnostics;
using System.Net.WebSockets;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator;

/// <summary>The connection's receive loop (client requests) and send loop (paced market data, heartbeats, replies).</summary>
public sealed partial class SimulatorConnection
{
    private const int MaxClientMessageBytes = 1024 * 1024;

    private async Task RunCoreAsync(WebSocket socket, Action abortTransport, CancellationToken stopping)
    {
        var replies = new SimulatedFrameWriter(captureEvents: false);
        lock (_sessionLock)
        {
            _session.OnConnected(Subscriptions, replies);
        }

        QueueReplies(replies);
        using var connectionEnded = CancellationTokenSource.CreateLinkedTokenSource(stopping, _policyEnded.Token);
        Task receiving = ReceiveLoopAsync(socket, connectionEnded);
        bool dropped = false;
        try
        {
            dropped = await SendLoopAsync(socket, connectionEnded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connectionEnded.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            _endReason ??= "send failed: " + exception.GetBaseException().Message;
        }

        if (_tokenExpiry is not null)
        {
            // Named before the close handshake, which a client may leave unanswered.
            _endReason ??= "token expired";
        }

        if (dropped)
        {
            socket.Abort();
            abortTransport();
        }
        else
        {
            await CloseAsync(socket, receiving, stopping.IsCancellationRequested).ConfigureAwait(false);
        }

        await connectionEnded.CancelAsync().ConfigureAwait(false);
        await receiving.ConfigureAwait(false);
        _endReason ??= stopping.IsCancellationRequested ? "server stopped" : "closed";
    }

    private async Task CloseAsync(WebSocket socket, Task receiving, bool serverStopping)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                // An expired token or a broken broker rule ends the session like the broker does: a close frame with
                // policy violation (1008).
                string? policy = _policyClose;
                WebSocketCloseStatus status = policy is not null ? WebSocketCloseStatus.PolicyViolation
                    : serverStopping ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure;
                await socket.CloseOutputAsync(status, policy ?? (serverStopping ? "simulator stopping" : null), timeout.Token).ConfigureAwait(false);
            }

            // Let the client answer our close frame before the transport goes away.
            await receiving.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            socket.Abort();
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, CancellationTokenSource connectionEnded)
    {
        byte[] buffer = new byte[4096];
        int used = 0;
        try
        {
            while (true)
            {
                if (used == buffer.Length)
                {
                    if (buffer.Length >= MaxClientMessageBytes)
                    {
                        _endReason ??= $"client message longer than {MaxClientMessageBytes} bytes";
                        socket.Abort();
                        return;
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                // No token: cancelling a receive aborts the socket, and the close handshake needs it.
                ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(used), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _endReason ??= $"client closed ({socket.CloseStatus})";
                    return;
                }

                used += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                MessageKind kind = result.MessageType == WebSocketMessageType.Text ? MessageKind.Text : MessageKind.Binary;
                OnClientMessage(buffer.AsSpan(0, used), kind);
                used = 0;
            }
        }
        catch (Exception exception)
        {
            _endReason ??= "receive failed: " + exception.GetBaseException().Message;
        }
        finally
        {
            await connectionEnded.CancelAsync().ConfigureAwait(false);
        }
    }

    private void OnClientMessage(ReadOnlySpan<byte> message, MessageKind kind)
    {
        try
        {
            HandleClientMessage(message, kind);
        }
        finally
        {
            // Recorded once handled (or refused): whoever sees a message in ClientMessages sees its effect too — the
            // subscriptions changed, the replies queued, the limit's clock read at its arrival.
            lock (_clientMessages)
            {
                _clientMessages.Add(new SimulatedClientMessage(kind, message.ToArray()));
            }
        }
    }

    private void HandleClientMessage(ReadOnlySpan<byte> message, MessageKind kind)
    {
        if (_policyClose is not null || ExceedsClientMessageLimit())
        {
            // The connection is closing for a broker rule: nothing more the client sends is honoured.
            return;
        }

        var replies = new SimulatedFrameWriter(captureEvents: false);
        try
        {
            lock (_sessionLock)
            {
                _session.OnClientMessage(message, kind, Subscriptions, replies);

                // Under the lock: a send loop that sees the new subscriptions also finds these replies queued.
                QueueReplies(replies);
            }
        }
        catch (Exception exception)
        {
            // A feed bug must not kill the connection; the request is simply not honoured.
            _logger.LogError(exception, "Simulator connection {Id} ({Path}): the feed failed to handle a client message", Id, Path);
        }

        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private void QueueReplies(SimulatedFrameWriter replies)
    {
        for (int i = 0; i < replies.FrameCount; i++)
        {
            ReadOnlyMemory<byte> frame = replies.Frame(i, out MessageKind kind);
            _replies.Enqueue((frame.ToArray(), kind));
        }
    }

    /// <summary>Streams until cancelled; returns true when the drop fault fired (the caller aborts the transport).</summary>
    private async Task<bool> SendLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var frames = new SimulatedFrameWriter(_options.CaptureSentEvents);
        int batchLimit = Math.Max(1, Math.Min(_options.MaxMessagesPerFrame, _session.MaxUpdatesPerFrame));
        var updates = new SimulatedUpdate[batchLimit];
        double rate = _options.MessagesPerSecond;
        long heartbeatTicks = (long)(_options.HeartbeatInterval.TotalSeconds * Stopwatch.Frequency);
        long durationTicks = _options.Duration is TimeSpan duration ? (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        int[] activeIndex = [];
        SubscriptionMode[] activeMode = [];
        int seenVersion = -1;
        bool pacing = false;
        long paceStart = 0;
        long paced = 0;
        long streamStart = 0;
        long lastSend = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            await SendRepliesAsync(socket, cancellationToken).ConfigureAwait(false);
            if (_silent)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            int version = Subscriptions.Version;
            if (version != seenVersion)
            {
                // Under the session lock so one client message's changes are seen all at once (keeps runs reproducible).
                lock (_sessionLock)
                {
                    seenVersion = ResolveActive(out activeIndex, out activeMode);
                }

                // Replies to the requests that changed the subscriptions go out before their data (Kotak HSM: the
                // connect response tells the client whether data frames carry message numbers).
                await SendRepliesAsync(socket, cancellationToken).ConfigureAwait(false);
            }

            long now = Stopwatch.GetTimestamp();
            bool streamDone = (_options.MaxMessages > 0 && _messagesSent >= _options.MaxMessages)
                || (streamStart != 0 && now - streamStart >= durationTicks);
            int count = 0;
            if (activeIndex.Length > 0 && !streamDone)
            {
                if (!pacing)
                {
                    pacing = true;
                    paceStart = now;
                    paced = 0;
                    streamStart = streamStart == 0 ? now : streamStart;
                }

                long due = rate > 0 ? (long)((now - paceStart) / (double)Stopwatch.Frequency * rate) : paced + batchLimit;
                count = (int)Math.Clamp(due - paced, 0, batchLimit);
                count = Limit(count, _options.MaxMessages);
                count = Limit(count, _options.DropConnectionEveryMessages);
                count = Limit(count, _options.SilentAfterMessages);
                count = LimitToNextFault(count);
            }
            else
            {
                pacing = false;
            }

            if (count > 0)
            {
                frames.Reset();
                for (int i = 0; i < count; i++)
                {
                    int pick = _generator.Pick(activeIndex.Length);
                    _generator.Next(activeIndex[pick], activeMode[pick], ref updates[i]);
                }

                if (_options.SendObserver is { } observer)
                {
                    StampScheduled(observer, updates.AsSpan(0, count), rate, paceStart, paced, now);
                }

                lock (_sessionLock)
                {
                    _session.Encode(updates.AsSpan(0, count), frames);
                }

                if (frames.IsCapturing)
                {
                    _sentEvents.Append(frames.SentEvents);
                    frames.ClearSentEvents();
                }

                await SendFramesAsync(socket, frames, cancellationToken).ConfigureAwait(false);
                paced += count;
                long sent = _messagesSent + count;

                // Before the count is published: a test that sees the count sees the faults that came with it.
                await InjectFaultsAsync(socket, frames, sent, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _messagesSent, sent);
                lastSend = now;
                if (_options.DropConnectionEveryMessages > 0 && sent >= _options.DropConnectionEveryMessages)
                {
                    _endReason = $"dropped after {sent} messages (fault)";
                    CountFault(SimulatorFault.Drop);
                    return true;
                }

                if (_options.SilentAfterMessages > 0 && sent >= _options.SilentAfterMessages)
                {
                    CountFault(SimulatorFault.Silence);
                    _silent = true;
                }

                if (rate <= 0)
                {
                    // Unpaced, every send may complete at once: yield so this loop cannot monopolize a pool thread.
                    await Task.Yield();
                }

                continue;
            }

            if (now - lastSend >= heartbeatTicks)
            {
                frames.Reset();
                bool heartbeat;
                lock (_sessionLock)
                {
                    heartbeat = _session.TryWriteHeartbeat(frames);
                }

                if (heartbeat)
                {
                    await SendFramesAsync(socket, frames, cancellationToken).ConfigureAwait(false);
                    Volatile.Write(ref _heartbeatsSent, _heartbeatsSent + 1);
                }

                lastSend = now;
            }

            await _wake.WaitAsync(NextWait(pacing && !streamDone, rate, paceStart, paced, lastSend, heartbeatTicks), cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private static void StampScheduled(Stamping.ISimulatedSendObserver observer, ReadOnlySpan<SimulatedUpdate> updates, double rate, long paceStart, long paced, long now)
    {
        for (int i = 0; i < updates.Length; i++)
        {
            observer.OnScheduled(in updates[i], Stamping.PacedSchedule.ScheduledTimestamp(paceStart, paced + i, rate, now));
        }
    }

    /// <summary>How long to sleep: until the next message is due, or the next heartbeat, polling at most every 20 ms when idle.</summary>
    private static TimeSpan NextWait(bool pacing, double rate, long paceStart, long paced, long lastSend, long heartbeatTicks)
    {
        long now = Stopwatch.GetTimestamp();
        long untilHeartbeat = lastSend + heartbeatTicks - now;
        long wait = Math.Min(untilHeartbeat, Stopwatch.Frequency / 50);
        if (pacing && rate > 0)
        {
            long nextDue = paceStart + (long)((paced + 1) / rate * Stopwatch.Frequency);
            wait = Math.Min(wait, nextDue - now);
        }

        return TimeSpan.FromSeconds(Math.Max(wait, Stopwatch.Frequency / 1000) / (double)Stopwatch.Frequency);
    }

    private int Limit(int count, long limit) => limit > 0 ? (int)Math.Min(count, Math.Max(0, limit - _messagesSent)) : count;

    private int ResolveActive(out int[] indices, out SubscriptionMode[] modes)
    {
        (long Token, SubscriptionMode Mode)[] snapshot = Subscriptions.Snapshot(out int version);
        IReadOnlyList<SimulatedInstrument> instruments = _generator.Instruments;
        var indexList = new List<int>(snapshot.Length);
        var modeList = new List<SubscriptionMode>(snapshot.Length);
        long unknown = 0;
        foreach ((long token, SubscriptionMode mode) in snapshot)
        {
            int found = -1;
            for (int i = 0; i < instruments.Count; i++)
            {
                if (instruments[i].Token == token)
                {
                    found = i;
                    break;
                }
            }

            if (found < 0)
            {
                unknown++;
                continue;
            }

            indexList.Add(found);
            modeList.Add(mode);
        }

        if (unknown > Volatile.Read(ref _unknownTokens))
        {
            _logger.LogWarning("Simulator connection {Id} ({Path}): {Unknown} subscribed token(s) are not simulated instruments and get no data", Id, Path, unknown);
        }

        Volatile.Write(ref _unknownTokens, unknown);
        indices = [.. indexList];
        modes = [.. modeList];
        return version;
    }

    private async Task SendRepliesAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        while (_replies.TryDequeue(out (byte[] Payload, MessageKind Kind) reply))
        {
            await SendAsync(socket, reply.Payload, reply.Kind, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendFramesAsync(WebSocket socket, SimulatedFrameWriter frames, CancellationToken cancellationToken)
    {
        for (int i = 0; i < frames.FrameCount; i++)
        {
            ReadOnlyMemory<byte> frame = frames.Frame(i, out MessageKind kind);
            await SendAsync(socket, frame, kind, cancellationToken).ConfigureAwait(false);
        }
    }
}
