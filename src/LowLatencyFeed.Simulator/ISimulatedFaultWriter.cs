using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// Implemented by an <see cref="ISimulatedFeedSession"/> that can corrupt its own wire on purpose
/// (<see cref="SimulatorOptions.GarbageEveryMessages"/>, <see cref="SimulatorOptions.TruncateEveryMessages"/>). Every
/// corrupt message must make a correct decoder of the feed count exactly one parse error and publish no event, so
/// tests can compare error counters with <see cref="SimulatorConnection.FaultsInjected"/> and events with the capture.
/// Called under the same serialization as the session's other members.
/// </summary>
public interface ISimulatedFaultWriter
{
    /// <summary>Writes one message built from <paramref name="noise"/> (8..64 seeded random bytes) that the decoder rejects whole.</summary>
    void WriteGarbage(ReadOnlySpan<byte> noise, SimulatedFrameWriter frames);

    /// <summary>
    /// How many leading bytes of <paramref name="message"/> (a data message this session encoded) to resend as its
    /// truncated copy: a cut inside its first packet (JSON: inside the object), so nothing in it decodes; 0 when it
    /// cannot be cut so. <paramref name="random"/> picks the cut.
    /// </summary>
    int TruncatedLength(ReadOnlySpan<byte> message, MessageKind kind, ulong random);
}
