namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>One depth entry of the "typical client" baseline: a heap object with a decimal price.</summary>
public sealed class KiteTypicalDepthItem
{
    public uint Quantity { get; set; }

    public decimal Price { get; set; }

    public uint Orders { get; set; }
}
