using System.Numerics;

namespace LowLatencyFeed.Benchmarks.Ring;

/// <summary>
/// Log-linear histogram of nanosecond latencies (32 sub-buckets per power of two, ≤ 3% relative error), preallocated:
/// recording is two shifts and an increment, so it does not disturb what it measures.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;
    private readonly long[] _counts = new long[64 * SubBuckets];
    private long _max;

    public long Count { get; private set; }

    public long Max => _max;

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0)
        {
            nanoseconds = 0;
        }

        _counts[Index(nanoseconds)]++;
        Count++;
        if (nanoseconds > _max)
        {
            _max = nanoseconds;
        }
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        _max = 0;
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), as the upper edge of its bucket.</summary>
    public long Percentile(double q)
    {
        long rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank && _counts[i] > 0)
            {
                return Math.Min(UpperEdge(i), _max);
            }
        }

        return _max;
    }

    private static int Index(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        int log = 63 - BitOperations.LeadingZeroCount((ulong)value);
        int shift = log - SubBucketBits;
        int sub = (int)(value >> shift) & (SubBuckets - 1);
        return ((shift + 1) * SubBuckets) + sub;
    }

    private static long UpperEdge(int index)
    {
        int group = index / SubBuckets;
        int sub = index % SubBuckets;
        if (group == 0)
        {
            return sub;
        }

        int shift = group - 1;
        return (((long)(SubBuckets + sub) + 1) << shift) - 1;
    }
}
