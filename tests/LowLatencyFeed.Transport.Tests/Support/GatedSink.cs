using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>
/// A struct sink that collects like <see cref="CollectingSink"/> and, once it holds <c>closeAt</c> events, blocks the
/// decode loop until the gate is set: a consumer that stops reading.
/// </summary>
public readonly struct GatedSink : IEventSink
{
    private readonly EventCollector _collector;
    private readonly ManualResetEventSlim _gate;
    private readonly int _closeAt;

    public GatedSink(EventCollector collector, ManualResetEventSlim gate, int closeAt)
    {
        _collector = collector;
        _gate = gate;
        _closeAt = closeAt;
    }

    public ref MarketEvent Claim()
    {
        _collector.Scratch = default;
        return ref _collector.Scratch;
    }

    public void Publish()
    {
        _collector.Add(_collector.Scratch);
        if (_collector.Count == _closeAt)
        {
            _gate.Wait();
        }
    }
}
