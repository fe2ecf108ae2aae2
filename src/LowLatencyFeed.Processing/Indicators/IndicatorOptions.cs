namespace LowLatencyFeed.Processing.Indicators;

/// <summary>Which indicators the bar stage computes as bars close.</summary>
public sealed record IndicatorOptions
{
    /// <summary>Most indicators one engine computes per instrument (the spec index is a byte in the event).</summary>
    public const int MaxIndicators = 255;

    /// <summary>The indicators, each on one timeframe. Empty (default): the engine does nothing.</summary>
    public IReadOnlyList<IndicatorSpec> Indicators { get; init; } = [];

    /// <summary>Instruments preallocated; more grow the tables once per doubling. Default 1024.</summary>
    public int InitialInstrumentCapacity { get; init; } = 1024;

    /// <summary>Checks every spec (periods, multipliers, duplicates) and applies defaults; throws naming the entry at fault.</summary>
    internal IndicatorSpec[] Resolve()
    {
        if (Indicators is null || Indicators.Count > MaxIndicators)
        {
            ThrowHelper.ThrowArgument(nameof(Indicators), "At most {0} indicators can be configured.", MaxIndicators);
        }

        if (InitialInstrumentCapacity <= 0)
        {
            ThrowHelper.ThrowArgument(nameof(InitialInstrumentCapacity), "InitialInstrumentCapacity must be positive.");
        }

        var specs = new IndicatorSpec[Indicators.Count];
        for (int i = 0; i < specs.Length; i++)
        {
            IndicatorSpec spec = Indicators[i].WithDefaults();
            if (spec.Timeframe <= TimeSpan.Zero)
            {
                ThrowHelper.ThrowArgument(nameof(Indicators), "Indicator {0} ({1}) needs a positive timeframe.", i, spec.Label);
            }

            try
            {
                _ = spec.Create();
            }
            catch (ArgumentException e)
            {
                ThrowHelper.ThrowArgument(nameof(Indicators), "Indicator {0} ({1}): {2}", i, spec.Label, e.Message);
            }

            for (int j = 0; j < i; j++)
            {
                if (specs[j] == spec)
                {
                    ThrowHelper.ThrowArgument(nameof(Indicators), "Indicator {0} repeats indicator {1} ({2} on the same timeframe).", i, j, spec.Label);
                }
            }

            specs[i] = spec;
        }

        return specs;
    }
}
