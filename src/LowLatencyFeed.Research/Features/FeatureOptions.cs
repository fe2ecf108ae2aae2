using LowLatencyFeed.Processing.Bars;

namespace LowLatencyFeed.Research.Features;

/// <summary>
/// Which features are computed, on which bars. The feature list (<see cref="FeatureNames"/>) follows from these
/// settings alone, so a model trained with them can check that a host computes the same list.
/// </summary>
public sealed record FeatureOptions
{
    /// <summary>The bars features are computed on (one row per closed bar of this timeframe).</summary>
    public TimeSpan Timeframe { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Log-return horizons in bars: <c>ret_N</c> = ln(close / close N bars earlier).</summary>
    public IReadOnlyList<int> ReturnHorizons { get; init; } = [1, 5, 20];

    /// <summary>Bars in the realized volatility <c>rv_N</c> = sqrt(mean of squared one-bar log returns).</summary>
    public int VolatilityWindow { get; init; } = 20;

    /// <summary>Bars in the longer trade-flow imbalance window <c>tfi_N</c>.</summary>
    public int FlowWindow { get; init; } = 5;

    /// <summary>Book imbalance windows (levels; 0 = whole book): the book builder's windows and one feature each.</summary>
    public IReadOnlyList<int> ImbalanceDepths { get; init; } = [1, 5, 20, 0];

    /// <summary>Trading sessions of the instruments (session time, session volume profile), as the bars use them.</summary>
    public Func<Core.Instruments.InstrumentId, TradingSession> SessionResolver { get; init; } = TradingSession.ForInstrument;

    /// <summary>The longest look-back any feature needs, in bars (a row is complete from then on).</summary>
    public int WarmUpBars
    {
        get
        {
            int longest = Math.Max(VolatilityWindow, FlowWindow);
            foreach (int horizon in ReturnHorizons)
            {
                longest = Math.Max(longest, horizon);
            }

            return longest;
        }
    }

    public long TimeframeNs => Timeframe.Ticks * 100;

    /// <summary>The feature names in column order.</summary>
    public IReadOnlyList<string> FeatureNames() => Features.FeatureNames.Build(this);

    internal void Validate()
    {
        if (Timeframe <= TimeSpan.Zero || TimeSpan.FromDays(1).Ticks % Timeframe.Ticks != 0)
        {
            ThrowHelper.ThrowArgument(nameof(Timeframe), "The feature timeframe must divide a day; got {0}.", Timeframe);
        }

        if (ReturnHorizons.Count == 0)
        {
            ThrowHelper.ThrowArgument(nameof(ReturnHorizons), "At least one return horizon is required; got {0}.", ReturnHorizons.Count);
        }

        foreach (int horizon in ReturnHorizons)
        {
            if (horizon < 1 || horizon > 10_000)
            {
                ThrowHelper.ThrowArgument(nameof(ReturnHorizons), "Return horizons must be 1..10000 bars; got {0}.", horizon);
            }
        }

        if (VolatilityWindow < 2 || VolatilityWindow > 10_000)
        {
            ThrowHelper.ThrowArgument(nameof(VolatilityWindow), "The volatility window must be 2..10000 bars; got {0}.", VolatilityWindow);
        }

        if (FlowWindow < 1 || FlowWindow > 10_000)
        {
            ThrowHelper.ThrowArgument(nameof(FlowWindow), "The flow window must be 1..10000 bars; got {0}.", FlowWindow);
        }
    }
}
