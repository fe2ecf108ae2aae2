namespace LowLatencyFeed.TestSupport;

/// <summary>
/// A clock that moves only when a test calls <see cref="AdvanceTo"/>: timers (and so <c>Task.Delay(…, clock)</c>) fire
/// when their due time is passed, on the calling thread, so scheduled work is tested without sleeping.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;

    /// <summary>A clock standing at <paramref name="start"/>.</summary>
    public ManualClock(DateTimeOffset start) => _now = start;

    /// <summary>Timers waiting now (a scheduled loop that reached its next delay has one).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves on by <paramref name="step"/> and fires every timer due by then.</summary>
    public void Advance(TimeSpan step) => AdvanceTo(GetUtcNow() + step);

    /// <summary>Moves to <paramref name="time"/> and fires every timer due by then.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        List<ManualTimer> due = [];
        lock (_gate)
        {
            _now = time;
            foreach (ManualTimer timer in _timers)
            {
                if (timer.Due <= time)
                {
                    due.Add(timer);
                }
            }

            foreach (ManualTimer timer in due)
            {
                _timers.Remove(timer);
            }
        }

        foreach (ManualTimer timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public ManualTimer(ManualClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_clock._gate)
            {
                _clock._timers.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = _clock._now + dueTime;
                    _clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Fire() => _callback(_state);

        public void Dispose()
        {
            lock (_clock._gate)
            {
                _clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
