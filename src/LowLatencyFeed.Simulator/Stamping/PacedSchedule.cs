using System.Diagnostics;

namespace LowLatencyFeed.Simulator.Stamping;

/// <summary>The simulator's pacing grid: when each message of a paced run is due.</summary>
public static class PacedSchedule
{
    /// <summary>
    /// Message <paramref name="index"/> (0-based) of a run paced at <paramref name="rate"/> messages/s from
    /// <paramref name="paceStart"/> is due at <c>paceStart + (index + 1) / rate</c> (<see cref="Stopwatch"/> ticks): the
    /// earliest moment the send loop releases it, and the moment it should have left however late the loop is. So a
    /// latency measured from it includes any stall of the sender or of a reader pushing back (coordinated omission
    /// corrected). Unpaced (<paramref name="rate"/> 0) there is no schedule: <paramref name="now"/>.
    /// </summary>
    public static long ScheduledTimestamp(long paceStart, long index, double rate, long now) =>
        rate > 0 ? paceStart + (long)((index + 1) / rate * Stopwatch.Frequency) : now;
}
