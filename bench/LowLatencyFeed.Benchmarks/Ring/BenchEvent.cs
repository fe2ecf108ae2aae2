namespace LowLatencyFeed.Benchmarks.Ring;

/// <summary>A 32-byte struct event, the same for every queue under test.</summary>
public struct BenchEvent
{
    public long Value;
    public long Timestamp;
    public long Producer;
    public long Padding;
}
