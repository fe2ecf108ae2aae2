namespace LowLatencyFeed.Simulator;

/// <summary>
/// Implemented by an <see cref="ISimulatedFeedSession"/> whose broker limits the messages a client may send on one
/// connection: a client that sends more within one second (by <see cref="SimulatorOptions.ClientMessageClock"/>) is
/// disconnected, as the broker does, and the connection counts it
/// (<see cref="SimulatorConnection.ClientMessageLimitViolations"/>). Only data messages count: the WebSocket layer
/// answers pings and takes pongs without showing them to the simulator.
/// </summary>
public interface ISimulatedClientMessageLimit
{
    /// <summary>Most messages a client may send in any one second.</summary>
    int MaxClientMessagesPerSecond { get; }
}
