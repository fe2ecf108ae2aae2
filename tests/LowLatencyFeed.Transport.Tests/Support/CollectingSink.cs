using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>A struct sink that copies every published event into an <see cref="EventCollector"/>.</summary>
public readonly struct CollectingSink : IEventSink
{
    private readonly EventCollector _collector;

    public CollectingSink(EventCollector collector) => _collector = collector;

    public ref MarketEvent Claim()
    {
        _collector.Scratch = default;
        return ref _collector.Scratch;
    }

    public void Publish() => _collector.Add(_collector.Scratch);
}
