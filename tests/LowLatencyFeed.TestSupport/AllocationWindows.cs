namespace LowLatencyFeed.TestSupport;

/// <summary>
/// Measures the bytes the calling thread allocates running a round of work, in successive windows, until one window
/// allocates nothing. Why windows: the tiered JIT (call counting, on-stack replacement) can allocate on the calling
/// thread when it promotes a method, at a moment set by timing; a per-call allocation shows in every window, so
/// asserting that the last window is zero still fails for any code that allocates as it runs.
/// </summary>
public static class AllocationWindows
{
    /// <summary>Runs <paramref name="round"/> once per window, at most <paramref name="maxWindows"/> times; returns every window's bytes. Warm the work up first.</summary>
    public static IReadOnlyList<long> UntilZero(Action round, int maxWindows = 5)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWindows, 1);
        var windows = new List<long>(maxWindows);
        while (windows.Count < maxWindows && (windows.Count == 0 || windows[^1] != 0))
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return windows;
    }

    /// <summary>The windows as a message: "bytes per window: 4240, 0".</summary>
    public static string Describe(IReadOnlyList<long> windows) => "bytes per window: " + string.Join(", ", windows);
}
