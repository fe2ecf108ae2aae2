using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>One generated depth diff: update ids <c>U..u</c> and the absolute quantities it sets (0 removes).</summary>
/// <param name="FirstUpdateId"><c>U</c>.</param>
/// <param name="FinalUpdateId"><c>u</c>.</param>
/// <param name="TimeNs">Simulated event time, Unix ns.</param>
/// <param name="Bids">Bid levels changed, best first.</param>
/// <param name="Asks">Ask levels changed, best first.</param>
public sealed record BinanceSimulatedDiff(long FirstUpdateId, long FinalUpdateId, long TimeNs, DepthLevel[] Bids, DepthLevel[] Asks);
