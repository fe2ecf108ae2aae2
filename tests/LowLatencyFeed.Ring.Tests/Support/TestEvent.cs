namespace LowLatencyFeed.Ring.Tests.Support;

/// <summary>A numbered event: which producer wrote it and its per-producer counter.</summary>
public struct TestEvent
{
    public int Producer;
    public long Value;
    public long StageMark;
}
