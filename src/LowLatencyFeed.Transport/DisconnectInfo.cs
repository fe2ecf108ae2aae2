namespace LowLatencyFeed.Transport;

/// <summary>Why one connection ended: the <c>Disconnected</c> event's reason code and a line for the log.</summary>
/// <param name="Reason">A WebSocket close status or a <see cref="DisconnectReason"/> value.</param>
/// <param name="Description">Human-readable cause (cold path only).</param>
internal readonly record struct DisconnectInfo(int Reason, string Description);
