namespace LowLatencyFeed.Ring.Waiting;

/// <summary>Configurable names of the wait strategies.</summary>
public enum WaitStrategyKind
{
    /// <summary><see cref="BusySpinWaitStrategy"/>.</summary>
    BusySpin,

    /// <summary><see cref="YieldingWaitStrategy"/>.</summary>
    Yielding,

    /// <summary><see cref="SleepingWaitStrategy"/>.</summary>
    Sleeping,

    /// <summary><see cref="BlockingWaitStrategy"/> without timeout.</summary>
    Blocking,

    /// <summary><see cref="BlockingWaitStrategy"/> with a timeout.</summary>
    TimeoutBlocking,
}
