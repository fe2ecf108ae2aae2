using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Transport;

/// <summary>Log lines of <see cref="FeedSession"/> (all on cold paths: connects, disconnects, faults).</summary>
internal static partial class FeedSessionLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Session}: connected to {Uri} (connection {Connection}, gap {GapMs} ms), sent {Messages} subscription message(s) for {Instruments} instrument(s)")]
    public static partial void Connected(ILogger logger, string session, string uri, long connection, double gapMs, int messages, int instruments);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Session}: connect attempt {Attempt} to {Uri} failed: {Error}")]
    public static partial void ConnectFailed(ILogger logger, string session, int attempt, string uri, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Session}: disconnected (reason {Reason}: {Description}); reconnecting")]
    public static partial void Disconnected(ILogger logger, string session, int reason, string description);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Session}: no frame for {SilentMs} ms (stale timeout {TimeoutMs} ms); aborting the connection")]
    public static partial void Stale(ILogger logger, string session, double silentMs, double timeoutMs);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{Session}: waiting {DelayMs} ms before connect attempt {Attempt}")]
    public static partial void BackingOff(ILogger logger, string session, double delayMs, int attempt);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Session}: the protocol decoder threw on a {Length}-byte message; message skipped (further faults are counted, not logged)")]
    public static partial void DecodeFault(ILogger logger, string session, int length, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{Session}: close handshake not completed ({Error}); socket aborted")]
    public static partial void CloseFailed(ILogger logger, string session, string error);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{Session}: stopped after {Messages} message(s), {Connects} connect(s)")]
    public static partial void Stopped(ILogger logger, string session, long messages, long connects);
}
