using System.Text;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator;

/// <summary>A message a client sent to the simulator (subscriptions, modes, auth), kept for tests and diagnostics.</summary>
/// <param name="Kind">Text or binary.</param>
/// <param name="Payload">The message bytes.</param>
public sealed record SimulatedClientMessage(MessageKind Kind, byte[] Payload)
{
    /// <summary>The payload as UTF-8 text (hex for binary messages).</summary>
    public string Text => Kind == MessageKind.Text ? Encoding.UTF8.GetString(Payload) : Convert.ToHexString(Payload);
}
