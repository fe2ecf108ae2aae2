using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// One generated market update of one instrument: its complete state as a tick (every field the generator models)
/// and its 5+5 book, plus the mode the client asked for. Feeds encode the part their wire format and mode carry.
/// </summary>
public struct SimulatedUpdate
{
    /// <summary>The instrument.</summary>
    public SimulatedInstrument Instrument;

    /// <summary>The mode the client subscribed this instrument in.</summary>
    public SubscriptionMode Mode;

    /// <summary>A <see cref="EventKind.Tick"/> with every modelled field present (see <see cref="TickPayload.Fields"/>).</summary>
    public MarketEvent Tick;

    /// <summary>A <see cref="EventKind.Depth"/> snapshot with 5 bids and 5 asks inline; <see cref="EventKind.None"/> for indices.</summary>
    public MarketEvent Depth;
}
