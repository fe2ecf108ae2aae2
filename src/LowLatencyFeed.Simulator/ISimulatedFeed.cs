using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// One broker's side of the wire as the simulator plays it: where it listens and how each client connection speaks.
/// Implementations with a public parameterless constructor in this assembly are found automatically (see
/// <see cref="SimulatorOptions.Feeds"/>), so a new broker is added by adding files under <c>Feeds/</c>.
/// </summary>
public interface ISimulatedFeed
{
    /// <summary>The broker; instruments with this <see cref="SimulatedInstrument.Feed"/> are streamed here.</summary>
    FeedKind Feed { get; }

    /// <summary>The WebSocket endpoint path, e.g. <c>/kite</c>. Unique per server.</summary>
    string Path { get; }

    /// <summary>Instruments to use when <see cref="SimulatorOptions.Instruments"/> has none for this feed.</summary>
    IReadOnlyList<SimulatedInstrument> DefaultInstruments { get; }

    /// <summary>Creates the protocol state of one accepted client connection.</summary>
    ISimulatedFeedSession CreateSession(SimulatedSessionContext context);
}
