namespace LowLatencyFeed.Processing.Bars;

/// <summary>One bar timeframe.</summary>
/// <param name="Span">Bar length: a positive divisor of a day works best (1s … 4h); exactly one day is the session-day bar.</param>
/// <param name="EmitFlatBars">
/// When the instrument is quiet for a whole interval: true publishes a flat bar (O=H=L=C = last close, volume 0,
/// <see cref="Derived.DerivedFlags.Flat"/>); false (default) publishes nothing for it.
/// </param>
public readonly record struct BarTimeframe(TimeSpan Span, bool EmitFlatBars = false)
{
    /// <summary>A timeframe of <paramref name="seconds"/> seconds.</summary>
    public static BarTimeframe Seconds(int seconds, bool emitFlatBars = false) => new(TimeSpan.FromSeconds(seconds), emitFlatBars);

    /// <summary>A timeframe of <paramref name="minutes"/> minutes.</summary>
    public static BarTimeframe Minutes(int minutes, bool emitFlatBars = false) => new(TimeSpan.FromMinutes(minutes), emitFlatBars);

    /// <summary>A timeframe of <paramref name="hours"/> hours.</summary>
    public static BarTimeframe Hours(int hours, bool emitFlatBars = false) => new(TimeSpan.FromHours(hours), emitFlatBars);

    /// <summary>The session-day timeframe.</summary>
    public static BarTimeframe Day(bool emitFlatBars = false) => new(TimeSpan.FromDays(1), emitFlatBars);
}
