namespace LowLatencyFeed.Research.Labels;

/// <summary>
/// A triple-barrier label: the class, the bar that decided it and its end time (the event time: the sample's label
/// depends on prices up to then, so training purges samples whose event time reaches into a test period).
/// <see cref="Resolved"/> is false when the series ended before a barrier was hit or the volatility was unknown.
/// </summary>
public readonly record struct BarrierOutcome(BarrierLabel Label, int HitIndex, long EventTimeNs, bool Resolved);
