namespace LowLatencyFeed.Processing.Indicators;

/// <summary>Wilder's true range, exact on mantissas.</summary>
internal static class TrueRange
{
    /// <summary>max(high − low, |high − previous close|, |low − previous close|); high − low for the first bar.</summary>
    public static long Of(long high, long low, long previousClose, bool hasPrevious)
    {
        long range = high - low;
        if (!hasPrevious)
        {
            return range;
        }

        return Math.Max(range, Math.Max(Math.Abs(high - previousClose), Math.Abs(low - previousClose)));
    }
}
