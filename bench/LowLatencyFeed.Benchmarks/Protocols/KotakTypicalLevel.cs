namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>One depth row of a <see cref="KotakTypicalPacket"/>.</summary>
public readonly record struct KotakTypicalLevel(decimal Price, long Quantity, int Orders);
