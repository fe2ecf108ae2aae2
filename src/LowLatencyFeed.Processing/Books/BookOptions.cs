using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Books;

/// <summary>Book builder configuration.</summary>
public sealed record BookOptions
{
    /// <summary>Default levels per side: the deepest feed (Dhan 200-level).</summary>
    public const int DefaultMaxLevels = 200;

    /// <summary>Upper bound on <see cref="MaxLevels"/> (the level counts in samples are 16-bit).</summary>
    public const int LevelLimit = 5000;

    internal static readonly int[] DefaultImbalanceDepths = [1, 5, 20, 0];

    /// <summary>Levels kept per side; both arrays are allocated when an instrument's first depth event arrives. Default 200.</summary>
    public int MaxLevels { get; init; } = DefaultMaxLevels;

    /// <summary>
    /// Imbalance windows, levels per side (0 = all levels), at most <see cref="ImbalanceWindows.Capacity"/>.
    /// Default 1, 5, 20, all: touch, the 5-level depth Kite/Dhan send, Dhan 20-level, and everything held.
    /// </summary>
    public IReadOnlyList<int> ImbalanceDepths { get; init; } = DefaultImbalanceDepths;

    /// <summary>Whether metrics samples are published at all (signals are evaluated either way). Default true.</summary>
    public bool EmitMetrics { get; init; } = true;

    /// <summary>
    /// Minimum exchange time between two published samples of one instrument; zero (default) publishes a sample after
    /// every update. With throttling the first update after the interval publishes, so the latest state is at most one
    /// update behind.
    /// </summary>
    public TimeSpan MetricsSampleInterval { get; init; } = TimeSpan.Zero;

    /// <summary>Instrument slots preallocated (the books themselves are allocated as instruments appear). Default 1024.</summary>
    public int InitialInstrumentCapacity { get; init; } = 1024;

    internal static void ValidateDepths(ReadOnlySpan<int> depths)
    {
        if (depths.Length == 0 || depths.Length > ImbalanceWindows.Capacity)
        {
            ThrowHelper.ThrowArgument(nameof(ImbalanceDepths), "Between 1 and {0} imbalance depths are required.", ImbalanceWindows.Capacity);
        }

        foreach (int depth in depths)
        {
            if (depth < 0)
            {
                ThrowHelper.ThrowArgument(nameof(ImbalanceDepths), "Imbalance depths must be positive, or 0 for all levels.");
            }
        }
    }

    internal int[] DepthsArray()
    {
        var depths = new int[ImbalanceDepths.Count];
        for (int i = 0; i < depths.Length; i++)
        {
            depths[i] = ImbalanceDepths[i];
        }

        return depths;
    }

    internal void Validate()
    {
        if (MaxLevels <= 0 || MaxLevels > LevelLimit)
        {
            ThrowHelper.ThrowArgument(nameof(MaxLevels), "MaxLevels must be between 1 and {0}.", LevelLimit);
        }

        if (ImbalanceDepths is null)
        {
            ThrowHelper.ThrowArgument(nameof(ImbalanceDepths), "Imbalance depths are required.");
        }

        ValidateDepths(DepthsArray());
        if (MetricsSampleInterval < TimeSpan.Zero)
        {
            ThrowHelper.ThrowArgument(nameof(MetricsSampleInterval), "MetricsSampleInterval cannot be negative.");
        }

        if (InitialInstrumentCapacity <= 0)
        {
            ThrowHelper.ThrowArgument(nameof(InitialInstrumentCapacity), "InitialInstrumentCapacity must be positive.");
        }
    }
}
