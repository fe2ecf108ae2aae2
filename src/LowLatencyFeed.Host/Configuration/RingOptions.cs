using LowLatencyFeed.Ingress;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>Ingress ring settings.</summary>
public sealed class RingOptions
{
    /// <summary>Slots (power of two). 65,536 × 256 B = 16 MiB: several seconds of a busy feed at full rate.</summary>
    public int Capacity { get; set; } = 65_536;

    /// <summary>
    /// How consumers wait. Sleeping by default: on small machines a spinning consumer would starve the socket and
    /// parser threads; Yielding or BusySpin pay off only with a core per consumer (see native-config/cpu-map.json).
    /// </summary>
    public WaitStrategyKind WaitStrategy { get; set; } = WaitStrategyKind.Sleeping;

    /// <summary>What feed sessions do when the ring is full. Wait by default: lose nothing, let the socket back up.</summary>
    public BackpressurePolicy Backpressure { get; set; } = BackpressurePolicy.Wait;
}
