namespace LowLatencyFeed.Protocols.Common;

/// <summary>A control message a session sends to the broker (subscribe, mode, auth). Cold path.</summary>
/// <param name="Payload">Bytes to send as one WebSocket message.</param>
/// <param name="Kind">Text (JSON) or binary.</param>
public readonly record struct OutgoingMessage(ReadOnlyMemory<byte> Payload, MessageKind Kind);
