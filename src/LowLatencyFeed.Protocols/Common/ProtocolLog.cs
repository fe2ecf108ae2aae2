using LowLatencyFeed.Protocols.Kotak;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// Log lines of control messages a feed may repeat (server disconnects, HSM responses), source-generated so a disabled
/// level costs no boxing or formatting: a feed that repeats them must not make decoding allocate.
/// </summary>
internal static partial class ProtocolLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "{Source}: server disconnect, reason {Reason}: {Text}")]
    public static partial void ServerDisconnect(ILogger logger, string source, int reason, string text);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "{Source}: HSM connection accepted; ACK every {AckInterval} data frame(s) (0: no ACKs requested)")]
    public static partial void HsmConnectionAccepted(ILogger logger, string source, int ackInterval);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Source}: HSM connection rejected (status N, code {Code}): check the access token and sid")]
    public static partial void HsmConnectionRejected(ILogger logger, string source, int code);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "{Source}: HSM {Request} request rejected (status N, code {Code}); {Count} rejection(s) of this kind so far")]
    public static partial void HsmRequestRejected(ILogger logger, string source, KotakHsmMessageType request, int code, long count);
}
