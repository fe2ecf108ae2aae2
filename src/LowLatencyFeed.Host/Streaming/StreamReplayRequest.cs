using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Replay;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>A parsed <c>{"replay": {...}}</c> request.</summary>
/// <param name="FromTimeNs">Earliest event time, Unix ns; null: the journal's start.</param>
/// <param name="ToTimeNs">Event time bound (exclusive), Unix ns; null: the journal's end when read.</param>
/// <param name="Speed">Pace.</param>
/// <param name="Channels">Market channels sent.</param>
/// <param name="Derived">Derived channels sent (bits of <see cref="DerivedStreamChannels"/>).</param>
/// <param name="Instruments">Instruments replayed; null: all.</param>
public sealed record StreamReplayRequest(long? FromTimeNs, long? ToTimeNs, ReplaySpeed Speed, StreamChannels Channels, ulong Derived, IReadOnlyCollection<InstrumentId>? Instruments)
{
    /// <summary>Levels per side in <c>depth</c> messages; 0: <c>Api:Stream:DepthLevels</c>.</summary>
    public int DepthLevels { get; init; }

    /// <summary>The data message form; null: the connection's current one.</summary>
    public StreamFormat? Format { get; init; }
}
