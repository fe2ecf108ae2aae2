namespace LowLatencyFeed.Transport;

/// <summary>
/// Reconnect delays with exponential growth and full jitter: attempt <c>n</c> waits a uniformly random time in
/// [0, min(max, base·2ⁿ)]. Full jitter spreads a crowd of clients that lost the same server, so they do not reconnect
/// in lockstep. Not thread-safe (one per session).
/// </summary>
public sealed class ExponentialBackoff
{
    private readonly long _baseTicks;
    private readonly long _maxTicks;
    private readonly Random _random;

    /// <summary>Creates a backoff; <paramref name="random"/> supplies the jitter (seed it for reproducible delays).</summary>
    public ExponentialBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (baseDelay < TimeSpan.Zero || maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, $"Backoff needs 0 <= base <= max; got base {baseDelay}, max {maxDelay}.");
        }

        _baseTicks = baseDelay.Ticks;
        _maxTicks = maxDelay.Ticks;
        _random = random;
    }

    /// <summary>The upper bound of the delay before attempt <paramref name="attempt"/> (0-based): min(max, base·2^attempt).</summary>
    public TimeSpan Ceiling(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);

        // Doubling stops once it would pass max (or overflow), so large attempt numbers are safe.
        long ceiling = _baseTicks;
        for (int i = 0; i < attempt && ceiling < _maxTicks; i++)
        {
            ceiling = ceiling > _maxTicks / 2 ? _maxTicks : ceiling * 2;
        }

        return TimeSpan.FromTicks(Math.Min(ceiling, _maxTicks));
    }

    /// <summary>A delay drawn uniformly from [0, <see cref="Ceiling"/>(<paramref name="attempt"/>)].</summary>
    public TimeSpan NextDelay(int attempt)
    {
        long ceiling = Ceiling(attempt).Ticks;
        return TimeSpan.FromTicks((long)(_random.NextDouble() * ceiling));
    }
}
