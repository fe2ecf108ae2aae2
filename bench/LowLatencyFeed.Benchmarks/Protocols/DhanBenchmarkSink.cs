using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// A ring-like sink for the Dhan and Kotak parser benchmarks: Claim clears and returns the next slot of a preallocated
/// power-of-two array (as the ring publisher does), Publish stamps the sequence and advances — no synchronisation.
/// </summary>
public struct DhanBenchmarkSink : IEventSink
{
    private readonly MarketEvent[] _slots;
    private readonly int _mask;
    private long _next;

    public DhanBenchmarkSink(int capacityPowerOfTwo)
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

    public void Publish()
    {
        _slots[(int)(_next & _mask)].Header.Sequence = _next;
        _next++;
    }

    /// <summary>The <paramref name="index"/>-th published event (while it is still in the array).</summary>
    public readonly MarketEvent At(long index) => _slots[(int)(index & _mask)];
}
