using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>
/// A struct sink that collects like <see cref="CollectingSink"/> but holds the decode loop at its first tick until
/// its gate is set, so a test can let connections come and go while earlier messages wait to be decoded.
/// </summary>
public readonly struct FirstTickGateSink : IEventSink
{
    private readonly EventCollector _collector;
    private readonly ManualResetEventSlim _gate;

    public FirstTickGateSink(EventCollector collector, ManualResetEventSlim gate)
    {
        _collector = collector;
        _gate = gate;
    }

    public ref MarketEvent Claim()
    {
        _collector.Scratch = default;
        return ref _collector.Scratch;
    }

    public void Publish()
    {
        if (_collector.Scratch.Header.Kind == EventKind.Tick && !_gate.Wait(Eventually.DefaultTimeout))
        {
            throw new TimeoutException("the test never opened the gate");
        }

        _collector.Add(_collector.Scratch);
    }
}
