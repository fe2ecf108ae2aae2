using System.Diagnostics;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Replay;

/// <summary>
/// Holds each event back until its journaled time offset from the first event, divided by the speed, has passed on the
/// monotonic clock. Sleeps for long waits and spins the last stretch, so pacing is accurate to microseconds without
/// burning a core between sparse events.
/// </summary>
internal sealed class ReplayPacer
{
    private static readonly long s_sleepThresholdTicks = Stopwatch.Frequency / 500; // 2 ms

    private readonly double _ticksPerJournalNs;
    private readonly ReplayPacingClock _clock;
    private long _firstTime = long.MinValue;
    private long _startTimestamp;
    private long _latestTime;

    public ReplayPacer(ReplaySpeed speed, ReplayPacingClock clock)
    {
        _clock = clock;
        _ticksPerJournalNs = Stopwatch.Frequency / 1e9 / speed.Multiplier;
    }

    public void WaitFor(ref readonly EventHeader header, CancellationToken cancellation)
    {
        long time = _clock == ReplayPacingClock.ReceiveTime ? header.ReceiveTimeNs : JournalFormat.EventTime(in header);
        if (_firstTime == long.MinValue)
        {
            _firstTime = time;
            _latestTime = time;
            _startTimestamp = MonotonicClock.Timestamp();
            return;
        }

        if (time <= _latestTime)
        {
            return;
        }

        _latestTime = time;
        long due = _startTimestamp + (long)((time - _firstTime) * _ticksPerJournalNs);
        while (true)
        {
            long remaining = due - MonotonicClock.Timestamp();
            if (remaining <= 0 || cancellation.IsCancellationRequested)
            {
                return;
            }

            if (remaining > s_sleepThresholdTicks)
            {
                Thread.Sleep(TimeSpan.FromSeconds((double)(remaining - (s_sleepThresholdTicks / 2)) / Stopwatch.Frequency));
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }
}
