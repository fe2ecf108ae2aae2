namespace LowLatencyFeed.Research.Labels;

/// <summary>Barriers of <see cref="TripleBarrier"/>: multiples of the recent volatility, and the vertical barrier in bars.</summary>
public sealed record TripleBarrierOptions
{
    /// <summary>Upper barrier = close × exp(UpperMultiple × σ).</summary>
    public double UpperMultiple { get; init; } = 2;

    /// <summary>Lower barrier = close × exp(−LowerMultiple × σ).</summary>
    public double LowerMultiple { get; init; } = 2;

    /// <summary>The vertical barrier: bars after the entry bar.</summary>
    public int VerticalBars { get; init; } = 10;

    internal void Validate()
    {
        if (!(UpperMultiple > 0) || !(LowerMultiple > 0))
        {
            ThrowHelper.ThrowArgument(nameof(UpperMultiple), "Barrier multiples must be positive; got {0}.", UpperMultiple <= 0 ? UpperMultiple : LowerMultiple);
        }

        if (VerticalBars < 1)
        {
            ThrowHelper.ThrowArgument(nameof(VerticalBars), "The vertical barrier must be at least 1 bar; got {0}.", VerticalBars);
        }
    }
}
