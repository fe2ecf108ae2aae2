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

    /// <summary>
    /// The one consumer of the ingress ring that busy-spins (a core of its own, the lowest latency on its hop) while the
    /// others keep <see cref="WaitStrategy"/>: <c>journal</c>, <c>bars</c>, <c>books</c>, <c>db-stager</c>,
    /// <c>stream</c>, <c>bus</c> or <c>scoring</c>. Empty (the default) spins none. At most one, so a small machine keeps
    /// a core for the feeds; never on a consumer host (its stages need timeouts).
    /// </summary>
    public string SpinningConsumer { get; set; } = string.Empty;

    /// <summary>What feed sessions do when the ring is full. Wait by default: lose nothing, let the socket back up.</summary>
    public BackpressurePolicy Backpressure { get; set; } = BackpressurePolicy.Wait;
}
