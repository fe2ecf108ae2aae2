using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Signals;

/// <summary>
/// Threshold-with-hysteresis-and-persistence rule on order imbalance. Pure: state lives in the caller's
/// <see cref="SignalState"/>, time is the event time passed in, so replay gives the same transitions.
/// </summary>
/// <remarks>
/// Entry: the imbalance is ≥ +T (Buy) or ≤ −T (Sell) on every evaluated update for at least P of exchange time
/// (P = 0 fires on the first such update); a break resets the timer. Exit: immediately when a Buy falls below
/// T − H or a Sell rises above −(T − H). If one update both ends a signal and completes an opposite entry (only with
/// P = 0), that is a single transition from Buy to Sell (or back).
/// </remarks>
public sealed class ImbalanceSignalRule
{
    private readonly double _threshold;
    private readonly double _exitLevel;
    private readonly long _persistenceNs;

    /// <summary>Creates the rule; validates <paramref name="options"/>.</summary>
    public ImbalanceSignalRule(SignalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _threshold = options.Threshold;
        _exitLevel = options.Threshold - options.Hysteresis;
        _persistenceNs = options.MinPersistence.Ticks * 100;
    }

    /// <summary>The options in force.</summary>
    public SignalOptions Options { get; }

    /// <summary>Nanoseconds an entry condition must persist.</summary>
    public long PersistenceNs => _persistenceNs;

    /// <summary>Evaluates a new imbalance at <paramref name="timeNs"/>; true when <see cref="SignalState.Side"/> changed.</summary>
    public bool Update(ref SignalState state, double imbalance, long timeNs)
    {
        SignalSide before = state.Side;
        state.LastImbalance = imbalance;
        SignalSide side = before;
        if ((side == SignalSide.Buy && imbalance < _exitLevel) || (side == SignalSide.Sell && imbalance > -_exitLevel))
        {
            side = SignalSide.Flat;
            state.TransitionSinceNs = timeNs;
        }

        SignalSide condition = imbalance >= _threshold ? SignalSide.Buy : imbalance <= -_threshold ? SignalSide.Sell : SignalSide.Flat;
        if (condition == SignalSide.Flat || condition == side)
        {
            state.Candidate = SignalSide.Flat;
        }
        else if (condition != state.Candidate)
        {
            state.Candidate = condition;
            state.CandidateSinceNs = timeNs;
        }

        if (state.Candidate != SignalSide.Flat && timeNs - state.CandidateSinceNs >= _persistenceNs)
        {
            side = state.Candidate;
            state.TransitionSinceNs = state.CandidateSinceNs;
            state.Candidate = SignalSide.Flat;
        }

        return Commit(ref state, before, side);
    }

    /// <summary>Time passed with no new update (a clock event): completes a pending entry whose persistence elapsed.</summary>
    public bool Advance(ref SignalState state, long timeNs)
    {
        if (state.Candidate == SignalSide.Flat || timeNs - state.CandidateSinceNs < _persistenceNs)
        {
            return false;
        }

        SignalSide before = state.Side;
        SignalSide side = state.Candidate;
        state.TransitionSinceNs = state.CandidateSinceNs;
        state.Candidate = SignalSide.Flat;
        return Commit(ref state, before, side);
    }

    /// <summary>The imbalance is undefined (crossed or one-sided book): a pending entry stops counting; the side in force stays.</summary>
    public static void Suspend(ref SignalState state) => state.Candidate = SignalSide.Flat;

    /// <summary>The exchange time at which the pending entry would complete, or long.MaxValue.</summary>
    public long PendingDueNs(in SignalState state) =>
        state.Candidate == SignalSide.Flat ? long.MaxValue : state.CandidateSinceNs + _persistenceNs;

    private static bool Commit(ref SignalState state, SignalSide before, SignalSide side)
    {
        if (side == before)
        {
            return false;
        }

        state.PreviousSide = before;
        state.Side = side;
        return true;
    }
}
