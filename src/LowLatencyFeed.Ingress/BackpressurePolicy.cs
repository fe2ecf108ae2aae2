namespace LowLatencyFeed.Ingress;

/// <summary>What a producer does when the ring is full.</summary>
public enum BackpressurePolicy
{
    /// <summary>Wait for the slowest consumer (no loss; the socket backs up instead).</summary>
    Wait,

    /// <summary>Drop the event and count it (never stall the receive loop).</summary>
    FailFast,
}
