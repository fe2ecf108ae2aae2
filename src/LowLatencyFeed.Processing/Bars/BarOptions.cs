using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>Bar builder configuration. Every default is chosen for a live Indian + crypto feed.</summary>
public sealed record BarOptions
{
    /// <summary>Most timeframes one aggregator keeps.</summary>
    public const int MaxTimeframes = 32;

    /// <summary>The standard set: 1s, 1m, 5m, 15m, 1h, 4h, 1d, none emitting flat bars.</summary>
    public static IReadOnlyList<BarTimeframe> DefaultTimeframes { get; } =
    [
        BarTimeframe.Seconds(1), BarTimeframe.Minutes(1), BarTimeframe.Minutes(5), BarTimeframe.Minutes(15),
        BarTimeframe.Hours(1), BarTimeframe.Hours(4), BarTimeframe.Day(),
    ];

    /// <summary>Timeframes, in the order bars of one instrument are published. Default <see cref="DefaultTimeframes"/>.</summary>
    public IReadOnlyList<BarTimeframe> Timeframes { get; init; } = DefaultTimeframes;

    /// <summary>Ticks older than the open bar. Default <see cref="LateTradePolicy.Drop"/> (published bars never change).</summary>
    public LateTradePolicy LateTradePolicy { get; init; } = LateTradePolicy.Drop;

    /// <summary>
    /// How long after a bar's end a clock event may close it. Default 2 s: Kite stamps whole seconds and exchange clocks
    /// trail the host's, so a smaller grace turns in-flight trades into late ones. Trades past the end close a bar at once.
    /// </summary>
    public TimeSpan ClockCloseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Session (time zone, intraday anchor) per instrument, asked once per new instrument. Default <see cref="TradingSession.ForInstrument"/>.</summary>
    public Func<InstrumentId, TradingSession> SessionResolver { get; init; } = TradingSession.ForInstrument;

    /// <summary>Instruments preallocated up front; more grow the tables (a one-time allocation per doubling). Default 1024.</summary>
    public int InitialInstrumentCapacity { get; init; } = 1024;

    internal void Validate()
    {
        if (Timeframes is null || Timeframes.Count == 0 || Timeframes.Count > MaxTimeframes)
        {
            ThrowHelper.ThrowArgument(nameof(Timeframes), "Between 1 and {0} timeframes are required.", MaxTimeframes);
        }

        for (int i = 0; i < Timeframes.Count; i++)
        {
            TimeSpan span = Timeframes[i].Span;
            if (span <= TimeSpan.Zero || span > TimeSpan.FromDays(1))
            {
                ThrowHelper.ThrowArgument(nameof(Timeframes), "Timeframe {0} must be positive and at most one day.", span);
            }
        }

        if (ClockCloseDelay < TimeSpan.Zero)
        {
            ThrowHelper.ThrowArgument(nameof(ClockCloseDelay), "ClockCloseDelay cannot be negative.");
        }

        if (SessionResolver is null)
        {
            ThrowHelper.ThrowArgument(nameof(SessionResolver), "A session resolver is required.");
        }

        if (InitialInstrumentCapacity <= 0)
        {
            ThrowHelper.ThrowArgument(nameof(InitialInstrumentCapacity), "InitialInstrumentCapacity must be positive.");
        }
    }
}
