using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>Dhan 20-level full market depth at <c>/dhan/depth20</c>: list-form subscribe (code 23), bid and ask side packets.</summary>
public sealed class DhanDepth20SimulatedFeed : ISimulatedFeed
{
    internal static readonly SimulatedInstrument[] Defaults =
    [
        new(1333, 161225, Feed: FeedKind.Dhan, Segment: "NSE_EQ"),
        new(11536, 390000, Feed: FeedKind.Dhan, Segment: "NSE_EQ"),
        new(42661, 2250000, Feed: FeedKind.Dhan, Segment: "NSE_FNO", LotSize: 25, StartOpenInterest: 5_000_000),
    ];

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Dhan;

    /// <inheritdoc />
    public string Path => "/dhan/depth20";

    /// <inheritdoc />
    public IReadOnlyList<SimulatedInstrument> DefaultInstruments => Defaults;

    /// <inheritdoc />
    public ISimulatedFeedSession CreateSession(SimulatedSessionContext context) => new DhanDepthSimulatedSession(context, SubscriptionMode.Depth20);
}
