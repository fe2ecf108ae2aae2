namespace LowLatencyFeed.Ingress;

/// <summary>Counters of one publisher, written by its thread and read by metrics.</summary>
public sealed class PublisherStatistics
{
    private long _published;
    private long _dropped;

    /// <summary>Events published.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Events dropped because the ring was full under <see cref="BackpressurePolicy.FailFast"/>.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    internal void CountPublished() => Volatile.Write(ref _published, _published + 1);

    internal void CountDropped() => Volatile.Write(ref _dropped, _dropped + 1);
}
