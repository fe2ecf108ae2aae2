namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>One SFeed packet as a typical C# client models it: typed properties, decimal prices, a list per depth side.</summary>
public sealed class KotakTypicalPacket : KotakTypicalMarketState
{
    public int Code { get; init; }
    public int Exchange { get; init; }
    public int Level { get; init; }
    public uint Token { get; init; }
}
