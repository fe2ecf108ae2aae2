using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Replay;

/// <summary>Cold throws of the replay assembly; each takes the offending values and builds its own message.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBatchSizeNotPositive(int batchSize) =>
        throw new ArgumentOutOfRangeException("options", batchSize, $"{nameof(ReplayOptions)}.{nameof(ReplayOptions.BatchSize)} must be positive; got {batchSize}.");
}
