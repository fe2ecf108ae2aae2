using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>A ring-like sink over a preallocated power-of-two array (Claim clears the next slot, Publish advances).</summary>
public struct BinanceBenchmarkSink : IEventSink
{
    private readonly MarketEvent[] _slots;
    private readonly int _mask;
    private long _next;

    public BinanceBenchmarkSink(int capacityPowerOfTwo)
    {
        _slots = new MarketEvent[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    /// <summary>Events published so far.</summary>
    public readonly long Published => _next;

    public ref MarketEvent Claim()
    {
        ref MarketEvent slot = ref _slots[(int)(_next & _mask)];
        slot = default;
        return ref slot;
    }

    public void Publish() => _next++;

    /// <summary>The <paramref name="index"/>-th published event (while it is still in the array).</summary>
    public readonly MarketEvent At(long index) => _slots[(int)(index & _mask)];
}
