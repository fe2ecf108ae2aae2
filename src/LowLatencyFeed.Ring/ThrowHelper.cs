using System.Diagnostics.CodeAnalysis;

namespace LowLatencyFeed.Ring;

/// <summary>
/// Cold throws of the ring, kept out of hot methods so they stay small enough to inline: callers pass the offending
/// values and constant text, never a preformatted string; the helper builds the message (CONTRIBUTING.md §4).
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowCapacityNotPowerOfTwo(int capacity) =>
        throw new ArgumentException(
            $"Ring capacity must be a power of two so a sequence maps to a slot with a mask; got {capacity}. Use {(capacity <= 1 ? 2 : (int)Math.Min(1u << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)))}.",
            nameof(capacity));

    [DoesNotReturn]
    public static void ThrowBatchSize(int n, int capacity) =>
        throw new ArgumentOutOfRangeException(nameof(n), n, $"A claim must be between 1 and the ring capacity ({capacity}) slots.");

    [DoesNotReturn]
    public static void ThrowHalted(string reason) =>
        throw new InvalidOperationException($"The pipeline was halted and no longer accepts events: {reason}");

    [DoesNotReturn]
    public static void ThrowAlreadyStarted() =>
        throw new InvalidOperationException("The pipeline is already started; add consumers before Start().");

    [DoesNotReturn]
    public static void ThrowConsumerAlreadyAdded(string name) =>
        throw new InvalidOperationException($"Consumer '{name}' was already added to a pipeline.");

    [DoesNotReturn]
    public static void ThrowUnsignalledWaitStrategy(string strategy) =>
        throw new ArgumentException(
            $"A consumer's own wait strategy must not need a producer's signal, and {strategy} does: producers signal only the ring's strategy. Give the consumer BusySpin, Yielding or Sleeping, or make {strategy} the ring's strategy.",
            "waitStrategy");
}
