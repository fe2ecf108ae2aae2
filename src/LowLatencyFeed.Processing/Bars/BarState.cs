namespace LowLatencyFeed.Processing.Bars;

/// <summary>One instrument × timeframe: the open bar, the last closed bar, and where the next bar may start.</summary>
internal struct BarState
{
    public BarAccumulator Current;
    public BarAccumulator LastClosed;

    /// <summary>End of the last closed bar: ticks before it are older than anything open (long.MinValue before the first bar).</summary>
    public long Watermark;

    public bool HasBar;
    public bool HasLastClosed;
}
