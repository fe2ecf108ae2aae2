using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>Collects events but throws on a chosen claim, as a halted ring's publisher does.</summary>
public struct FailingSink : IEventSink
{
    private readonly EventCollector _collector;
    private readonly int _failAtClaim;
    private int _claims;

    public FailingSink(EventCollector collector, int failAtClaim)
    {
        _collector = collector;
        _failAtClaim = failAtClaim;
        _claims = 0;
    }

    public ref MarketEvent Claim()
    {
        if (++_claims == _failAtClaim)
        {
            throw new InvalidOperationException("sink halted (test)");
        }

        _collector.Scratch = default;
        return ref _collector.Scratch;
    }

    public void Publish() => _collector.Add(_collector.Scratch);
}
