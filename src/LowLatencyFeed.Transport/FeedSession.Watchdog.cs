using System.Diagnostics;
using System.Net.WebSockets;
using LowLatencyFeed.Core.Time;

namespace LowLatencyFeed.Transport;

/// <summary>Per-connection watchdog: detects a silent feed, and performs the close handshake on shutdown.</summary>
public sealed partial class FeedSession
{
    private async Task WatchdogAsync(ClientWebSocket socket, CancellationToken connectionDone, CancellationToken sessionStopped)
    {
        long staleTicks = (long)(_options.StaleTimeout.TotalSeconds * Stopwatch.Frequency);

        // Checking four times per timeout bounds detection at 1.25 × the timeout without measurable cost.
        TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, _options.StaleTimeout.Ticks / 4));
        using var timer = new PeriodicTimer(period);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connectionDone, sessionStopped);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                long now = Stopwatch.GetTimestamp();
                long silent = now - Volatile.Read(ref _lastFrameTimestamp);
                if (silent > staleTicks)
                {
                    long silentNs = MonotonicClock.ElapsedNanoseconds(now - silent, now);
                    Volatile.Write(ref _staleSilenceNs, silentNs);
                    Volatile.Write(ref _staleFired, 1);
                    FeedSessionLog.Stale(_logger, _options.Name, silentNs / 1e6, _options.StaleTimeout.TotalMilliseconds);
                    socket.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!connectionDone.IsCancellationRequested)
        {
            await CloseForShutdownAsync(socket, connectionDone).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection ended on its own; nothing to watch any more.
        }
    }

    /// <summary>Sends our close frame and gives the server <see cref="FeedSessionOptions.CloseTimeout"/> to answer before aborting.</summary>
    private async Task CloseForShutdownAsync(ClientWebSocket socket, CancellationToken connectionDone)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session stopped", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already closing or broken: the abort below (or the receive loop's own error) ends it.
        }

        try
        {
            // The receive loop sees the server's close frame and ends the connection, cancelling this delay.
            await Task.Delay(_options.CloseTimeout, connectionDone).ConfigureAwait(false);
            socket.Abort();
        }
        catch (OperationCanceledException)
        {
        }
    }
}
