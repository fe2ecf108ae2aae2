using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Research.Labels;

namespace LowLatencyFeed.Research.Training;

/// <summary>
/// One labelled row: the features known at <see cref="DecisionTimeNs"/> (the bar's end) and the triple-barrier class
/// decided at <see cref="EventTimeNs"/>.
/// </summary>
public sealed record Sample(InstrumentId Instrument, long BarStartNs, long DecisionTimeNs, long EventTimeNs, BarrierLabel Label, float[] Features);
