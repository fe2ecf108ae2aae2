namespace LowLatencyFeed.Ring.Waiting;

/// <summary>Creates wait strategies from configuration.</summary>
public static class WaitStrategies
{
    /// <summary>Builds the strategy named by <paramref name="kind"/>.</summary>
    public static IWaitStrategy Create(WaitStrategyKind kind, TimeSpan? timeout = null) => kind switch
    {
        WaitStrategyKind.BusySpin => new BusySpinWaitStrategy(),
        WaitStrategyKind.Yielding => new YieldingWaitStrategy(),
        WaitStrategyKind.Sleeping => new SleepingWaitStrategy(),
        WaitStrategyKind.Blocking => new BlockingWaitStrategy(),
        WaitStrategyKind.TimeoutBlocking => new BlockingWaitStrategy(timeout ?? TimeSpan.FromMilliseconds(100)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown wait strategy."),
    };
}
