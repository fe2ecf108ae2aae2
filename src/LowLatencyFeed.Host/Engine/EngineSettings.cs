using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Engine;

/// <summary>What the engine needs from configuration, independent of how it was loaded.</summary>
/// <param name="DataDirectory">Root of everything the engine writes.</param>
/// <param name="Ring">Ingress ring.</param>
/// <param name="Pinning">Consumer pinning.</param>
/// <param name="ClockInterval">Clock event period.</param>
public sealed record EngineSettings(string DataDirectory, RingOptions Ring, PinningOptions Pinning, TimeSpan ClockInterval);
