namespace LowLatencyFeed.Transport.Tests;

/// <summary>Pure checks of the reconnect delay function (no clocks involved).</summary>
public sealed class ExponentialBackoffTests
{
    [Fact]
    public void The_ceiling_doubles_per_attempt_until_the_cap()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(5000), new Random(1));
        double[] ceilings = [.. Enumerable.Range(0, 9).Select(a => backoff.Ceiling(a).TotalMilliseconds)];
        Assert.Equal([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000], ceilings);
        Assert.Equal(TimeSpan.FromMilliseconds(5000), backoff.Ceiling(int.MaxValue));
    }

    [Fact]
    public void Delays_with_fixed_jitter_grow_exponentially()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), new FixedRandom(0.5));
        double[] delays = [.. Enumerable.Range(0, 5).Select(a => backoff.NextDelay(a).TotalMilliseconds)];
        Assert.Equal([50, 100, 200, 400, 800], delays);
    }

    [Fact]
    public void Seeded_jittered_delays_stay_within_zero_and_the_ceiling_and_repeat_with_the_seed()
    {
        var first = new ExponentialBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), new Random(42));
        var second = new ExponentialBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), new Random(42));
        for (int attempt = 0; attempt < 40; attempt++)
        {
            for (int draw = 0; draw < 50; draw++)
            {
                TimeSpan delay = first.NextDelay(attempt);
                Assert.InRange(delay, TimeSpan.Zero, first.Ceiling(attempt));
                Assert.True(first.Ceiling(attempt) <= TimeSpan.FromSeconds(30));
                Assert.Equal(delay, second.NextDelay(attempt));
            }
        }
    }

    [Fact]
    public void Full_jitter_spreads_delays_over_the_whole_range()
    {
        // 2000 seeded draws at attempt 3 (ceiling 800 ms): mean near 400 ms, both ends of the range reached.
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), new Random(7));
        double[] delays = [.. Enumerable.Range(0, 2000).Select(_ => backoff.NextDelay(3).TotalMilliseconds)];
        Assert.InRange(delays.Average(), 360, 440);
        Assert.True(delays.Min() < 40);
        Assert.True(delays.Max() > 760);
    }

    [Fact]
    public void A_zero_base_never_waits_and_bad_bounds_are_rejected()
    {
        var backoff = new ExponentialBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1), new Random(1));
        Assert.Equal(TimeSpan.Zero, backoff.NextDelay(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => backoff.Ceiling(-1));
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
