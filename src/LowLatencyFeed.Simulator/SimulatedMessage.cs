using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator;

/// <summary>A WebSocket message the simulator would send: a data frame, a heartbeat or a reply.</summary>
/// <param name="Payload">The message bytes.</param>
/// <param name="Kind">Text or binary.</param>
public sealed record SimulatedMessage(byte[] Payload, MessageKind Kind);
