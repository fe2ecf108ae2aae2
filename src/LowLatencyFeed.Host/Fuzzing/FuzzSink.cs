using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Host.Fuzzing;

/// <summary>
/// Where fuzzed frames' events go: a small reused array standing in for ring slots, counting claims and publishes so a
/// claim left unpublished (a hole that would stall the ring) is seen. A struct over <see cref="FuzzSinkState"/>, so the
/// decode path specializes on it as it does on the ring publisher; never allocates.
/// </summary>
public readonly struct FuzzSink : IEventSink
{
    private readonly FuzzSinkState _state;

    /// <summary>Creates a sink writing into <paramref name="state"/>.</summary>
    public FuzzSink(FuzzSinkState state) => _state = state;

    /// <inheritdoc />
    public ref MarketEvent Claim()
    {
        FuzzSinkState state = _state;
        state.Claims++;
        ref MarketEvent slot = ref state.Slots[(int)(state.Claims & FuzzSinkState.SlotMask)];
        slot = default;
        return ref slot;
    }

    /// <inheritdoc />
    public void Publish() => _state.Publishes++;
}

/// <summary>The heap side of <see cref="FuzzSink"/>: slots and counters.</summary>
public sealed class FuzzSinkState
{
    /// <summary>Slots minus one (a power of two minus one).</summary>
    public const long SlotMask = 255;

    /// <summary>The reused slots.</summary>
    public MarketEvent[] Slots { get; } = new MarketEvent[SlotMask + 1];

    /// <summary>Slots claimed so far.</summary>
    public long Claims { get; set; }

    /// <summary>Slots published so far; equal to <see cref="Claims"/> after every message when nothing was left open.</summary>
    public long Publishes { get; set; }
}
