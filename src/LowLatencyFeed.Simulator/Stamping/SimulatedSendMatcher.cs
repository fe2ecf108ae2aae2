using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Stamping;

/// <summary>
/// The receiving side of <see cref="SimulatedSendSchedule"/>: finds each received event's scheduled send time. Every
/// simulated update yields exactly one tick of its instrument, whatever the mode, so the n-th tick of an instrument is
/// its n-th update; the depth or quote event of the same packet follows its tick and takes that tick's time (the depth
/// count alone would drift while a feed still streams a lighter mode before the client's mode request lands). Dhan's
/// once-per-instrument previous-close packet (a tick carrying only the close) is no update. Events must arrive in each
/// instrument's order (one connection per instrument). One reader thread; allocation-free.
/// </summary>
public sealed class SimulatedSendMatcher
{
    private readonly SimulatedSendSchedule _schedule;
    private readonly long[] _ticks;
    private readonly long[] _lastScheduledNs;

    /// <summary>A matcher over <paramref name="schedule"/>, before any event.</summary>
    public SimulatedSendMatcher(SimulatedSendSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = schedule;
        _ticks = new long[schedule.Count];
        _lastScheduledNs = new long[schedule.Count];
        Array.Fill(_lastScheduledNs, -1);
    }

    /// <summary>Ticks of instrument <paramref name="index"/> (of the schedule) matched so far, stamped or not.</summary>
    public long Ticks(int index) => _ticks[index];

    /// <summary>The scheduled send time (Unix ns) of the update that carried <paramref name="e"/>.</summary>
    public SendMatch Match(ref readonly MarketEvent e, out long scheduledUnixNs)
    {
        scheduledUnixNs = 0;
        EventKind kind = e.Header.Kind;
        if (kind is not (EventKind.Tick or EventKind.Depth or EventKind.Quote)
            || (kind == EventKind.Tick && e.Tick.Fields == TickFields.Close))
        {
            return SendMatch.NotAnUpdate;
        }

        int index = _schedule.IndexOf(e.Header.Instrument);
        if (index < 0)
        {
            return SendMatch.Unmatched;
        }

        if (kind == EventKind.Tick)
        {
            long n = _ticks[index]++;
            _lastScheduledNs[index] = _schedule.TryGetScheduled(index, n, out long scheduled) ? scheduled : -1;
        }

        scheduledUnixNs = _lastScheduledNs[index];
        return scheduledUnixNs >= 0 ? SendMatch.Matched : SendMatch.Unmatched;
    }
}
