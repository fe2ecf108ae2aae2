using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Signals;

/// <summary>Per-instrument state of an <see cref="ImbalanceSignalRule"/>.</summary>
public struct SignalState
{
    /// <summary>The signal in force.</summary>
    public SignalSide Side;

    /// <summary>The side before the last transition.</summary>
    public SignalSide PreviousSide;

    /// <summary>A side whose entry condition holds but has not persisted long enough yet (<see cref="SignalSide.Flat"/> when none).</summary>
    public SignalSide Candidate;

    /// <summary>When the candidate's condition started holding (exchange time).</summary>
    public long CandidateSinceNs;

    /// <summary>The last imbalance evaluated.</summary>
    public double LastImbalance;

    /// <summary>When the last transition's condition started (the candidate start for entries, the exit time for exits).</summary>
    public long TransitionSinceNs;

    /// <summary>Whether an entry is waiting for its persistence time.</summary>
    public readonly bool IsPending => Candidate != SignalSide.Flat;
}
