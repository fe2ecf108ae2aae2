using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Replay;

/// <summary>
/// Cold throws of the replay assembly: callers pass the offending values and constant text, never a preformatted
/// string; the helper builds the message (CONTRIBUTING.md §4).
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBatchSizeNotPositive(int batchSize) =>
        throw new ArgumentOutOfRangeException("options", batchSize, $"{nameof(ReplayOptions)}.{nameof(ReplayOptions.BatchSize)} must be positive; got {batchSize}.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowParallelUnsupported(string what) =>
        throw new ArgumentException($"A parallel replay (--parallel) does not support {what}; run it single-threaded.", "options");
}
