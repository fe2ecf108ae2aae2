using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Core.Time;

/// <summary>
/// Unix-nanosecond timestamps from the monotonic high-resolution counter, anchored once to UTC at construction.
/// Never reads the wall clock afterwards, so timestamps never jump backwards with NTP steps and cost one
/// <see cref="Stopwatch.GetTimestamp"/> each.
/// </summary>
public sealed class MonotonicClock
{
    private static readonly double s_nanosecondsPerTick = 1_000_000_000.0 / Stopwatch.Frequency;

    private readonly long _anchorUnixNs;
    private readonly long _anchorTimestamp;

    /// <summary>The process-wide clock, anchored when first used.</summary>
    public static MonotonicClock Shared { get; } = new();

    /// <summary>Anchors a clock to the current UTC time.</summary>
    public MonotonicClock()
        : this(DateTime.UtcNow)
    {
    }

    /// <summary>Anchors a clock to a given UTC instant (tests, replays).</summary>
    public MonotonicClock(DateTime utcAnchor)
    {
        _anchorTimestamp = Stopwatch.GetTimestamp();
        _anchorUnixNs = (utcAnchor.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100;
    }

    /// <summary>Current time in Unix nanoseconds UTC.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long UnixNanoseconds() => _anchorUnixNs + ElapsedNanoseconds(_anchorTimestamp, Stopwatch.GetTimestamp());

    /// <summary>
    /// A <see cref="Timestamp"/> reading as Unix nanoseconds on this clock: the scheduled time of something planned
    /// in monotonic ticks (the simulator's paced sends) compared with this clock's receive and stage times.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ToUnixNanoseconds(long timestamp) => _anchorUnixNs + ElapsedNanoseconds(_anchorTimestamp, timestamp);

    /// <summary>Raw monotonic ticks, for measuring short intervals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Timestamp() => Stopwatch.GetTimestamp();

    /// <summary>Nanoseconds between two <see cref="Timestamp"/> readings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ElapsedNanoseconds(long startTimestamp, long endTimestamp) => (long)((endTimestamp - startTimestamp) * s_nanosecondsPerTick);
}
