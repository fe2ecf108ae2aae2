namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// An incremental indicator over closed bars: O(1) work per <see cref="Update"/> (CCI: O(period) integer additions,
/// see the README), all state sized at construction, nothing allocated per bar. Not thread-safe.
/// </summary>
public abstract class Indicator
{
    /// <summary>Which indicator.</summary>
    public abstract IndicatorKind Kind { get; }

    /// <summary>Bars seen.</summary>
    public long Count { get; private set; }

    /// <summary>True once enough bars were seen for a defined value (the seed is complete).</summary>
    public abstract bool IsReady { get; }

    /// <summary>Adds one closed bar.</summary>
    public void Update(in IndicatorBar bar)
    {
        Count++;
        OnBar(in bar);
    }

    /// <summary>Writes the current outputs (valid when <see cref="IsReady"/>).</summary>
    public abstract void Write(ref IndicatorValues values);

    /// <summary>The indicator's own update.</summary>
    protected abstract void OnBar(in IndicatorBar bar);
}
