using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>A copy of a simulated book: its update id and every level, best first, at the instrument's decimals.</summary>
/// <param name="LastUpdateId">The id of the last change applied.</param>
/// <param name="Bids">Bid levels, highest price first.</param>
/// <param name="Asks">Ask levels, lowest price first.</param>
public sealed record BinanceSimulatedBook(long LastUpdateId, DepthLevel[] Bids, DepthLevel[] Asks);
