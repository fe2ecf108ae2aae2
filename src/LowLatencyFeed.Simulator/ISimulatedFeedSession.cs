using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// The protocol state of one simulated connection. The simulator calls <see cref="OnClientMessage"/> from its receive
/// loop and the other members from its send loop, but serializes all calls, so implementations need no locking.
/// Unit-test an implementation by calling it with a <see cref="SimulatedFrameWriter"/> of your own.
/// </summary>
public interface ISimulatedFeedSession
{
    /// <summary>Most updates one <see cref="Encode"/> call may receive (the wire's frame limit, e.g. Kite's 65535 packets; 1 for one-event-per-message JSON feeds).</summary>
    int MaxUpdatesPerFrame { get; }

    /// <summary>Called once after the WebSocket is accepted (e.g. subscriptions given in the URL, a greeting message).</summary>
    void OnConnected(SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies);

    /// <summary>
    /// Applies one client message (subscribe, mode, auth...): update <paramref name="subscriptions"/> and write any
    /// responses into <paramref name="replies"/>. Bad requests should get the broker's error reply, not an exception.
    /// </summary>
    void OnClientMessage(ReadOnlySpan<byte> message, MessageKind kind, SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies);

    /// <summary>
    /// Encodes <paramref name="updates"/> (each already in its subscribed mode) into one or more frames, and reports
    /// through <see cref="SimulatedFrameWriter.Sent"/> every event a correct client decoder will produce from them, in order.
    /// </summary>
    void Encode(ReadOnlySpan<SimulatedUpdate> updates, SimulatedFrameWriter frames);

    /// <summary>Writes the application heartbeat sent when idle; false when the protocol has none (it relies on WebSocket pings).</summary>
    bool TryWriteHeartbeat(SimulatedFrameWriter frames);
}
