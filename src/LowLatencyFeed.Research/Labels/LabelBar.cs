namespace LowLatencyFeed.Research.Labels;

/// <summary>What a label reads of a bar: its extremes and close in price units, and when it ended.</summary>
public readonly record struct LabelBar(double High, double Low, double Close, long EndTimeNs);
