using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>An <see cref="IEventSink"/> that records each published event as sent (simulator capture, cold path).</summary>
internal struct BinanceCaptureSink : IEventSink
{
    private readonly MarketEvent[] _slot;
    private readonly SimulatedFrameWriter _frames;

    public BinanceCaptureSink(SimulatedFrameWriter frames)
    {
        _slot = new MarketEvent[1];
        _frames = frames;
    }

    public ref MarketEvent Claim()
    {
        _slot[0] = default;
        return ref _slot[0];
    }

    public void Publish() => _frames.Sent(_slot[0]);
}
