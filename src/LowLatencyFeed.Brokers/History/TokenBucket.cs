namespace LowLatencyFeed.Brokers.History;

/// <summary>
/// A broker's request budget: <see cref="RatePerSecond"/> tokens a second, at most <see cref="Capacity"/> saved up.
/// Each request takes one token, waiting when none is left, so a backfill never sends faster than the broker's limit.
/// Cold path (one call per REST request): a lock, and waits on <see cref="TimeProvider"/>.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    /// <summary>Creates a full bucket.</summary>
    public TokenBucket(double ratePerSecond, double capacity = 1, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        RatePerSecond = ratePerSecond;
        Capacity = capacity;
        _time = time ?? TimeProvider.System;
        _tokens = capacity;
        _last = _time.GetTimestamp();
    }

    /// <summary>Tokens added per second.</summary>
    public double RatePerSecond { get; }

    /// <summary>Most tokens saved up (the burst).</summary>
    public double Capacity { get; }

    /// <summary>Requests that had to wait for a token.</summary>
    public long Waits { get; private set; }

    /// <summary>Takes one token, waiting until one is there.</summary>
    public async ValueTask TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                long now = _time.GetTimestamp();
                _tokens = Math.Min(Capacity, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * RatePerSecond));
                _last = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return;
                }

                wait = TimeSpan.FromSeconds((1 - _tokens) / RatePerSecond);
                Waits++;
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
