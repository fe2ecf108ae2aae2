namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>One depth entry of the baseline, a struct with a decimal price as in the official .NET client.</summary>
public struct KiteTypicalDepthItem
{
    public uint Quantity { get; set; }

    public decimal Price { get; set; }

    public uint Orders { get; set; }
}
