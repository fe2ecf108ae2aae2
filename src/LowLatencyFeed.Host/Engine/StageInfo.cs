using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Engine;

/// <summary>A consumer stage in the graph, and whether it is the real implementation or a counting stand-in.</summary>
/// <param name="Name">Consumer name (thread, metric label, pinning key).</param>
/// <param name="IsStandIn">True when the stage only counts events (its capability is not wired yet).</param>
/// <param name="Processor">The running processor.</param>
/// <param name="Lag">Events published to the stage's ring that it has not finished yet.</param>
public sealed record StageInfo(string Name, bool IsStandIn, IEventProcessor Processor, Func<long> Lag);
