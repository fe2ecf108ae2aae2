using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Benchmarks.Processing;

/// <summary>A sink that keeps only the last event: measures the builders, not a consumer. Counts what it got so nothing is dead code.</summary>
public sealed class BenchDerivedSink : IDerivedEventSink
{
    private readonly DerivedEvent[] _slot = new DerivedEvent[1];

    /// <summary>Events published.</summary>
    public long Published { get; private set; }

    /// <inheritdoc />
    public ref DerivedEvent Claim()
    {
        ref DerivedEvent slot = ref _slot[0];
        slot = default;
        return ref slot;
    }

    /// <inheritdoc />
    public void Publish() => Published++;
}
