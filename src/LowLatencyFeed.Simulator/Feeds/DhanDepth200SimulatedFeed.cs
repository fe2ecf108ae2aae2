using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>Dhan 200-level full market depth at <c>/dhan/depth200</c>: flat subscribe (code 23), one instrument per connection.</summary>
public sealed class DhanDepth200SimulatedFeed : ISimulatedFeed
{
    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Dhan;

    /// <inheritdoc />
    public string Path => "/dhan/depth200";

    /// <inheritdoc />
    public IReadOnlyList<SimulatedInstrument> DefaultInstruments => DhanDepth20SimulatedFeed.Defaults;

    /// <inheritdoc />
    public ISimulatedFeedSession CreateSession(SimulatedSessionContext context) => new DhanDepthSimulatedSession(context, SubscriptionMode.Depth200);
}
