using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>
/// Collects like <see cref="CollectingSink"/>, but first copies a depth event's slab levels inline the way the simulator
/// captures deep books (the best ten of a one-sided snapshot, the best five per side otherwise), so deep depth compares
/// with <see cref="Simulator.SimulatorConnection.GetSentEvents"/>. Done at publish: an ungated pool reuses slabs freely.
/// </summary>
public readonly struct FlatteningSink : IEventSink
{
    private readonly EventCollector _collector;
    private readonly DepthSlabPool _slabs;

    public FlatteningSink(EventCollector collector, DepthSlabPool slabs)
    {
        _collector = collector;
        _slabs = slabs;
    }

    public ref MarketEvent Claim()
    {
        _collector.Scratch = default;
        return ref _collector.Scratch;
    }

    public void Publish()
    {
        ref MarketEvent e = ref _collector.Scratch;
        if (e.Header.Kind == EventKind.Depth && e.Depth.SlabIndex >= 0)
        {
            Flatten(ref e.Depth);
        }

        _collector.Add(e);
    }

    private void Flatten(ref DepthPayload depth)
    {
        bool oneSided = depth.UpdateKind is DepthUpdateKind.BidSnapshot or DepthUpdateKind.AskSnapshot;
        int perSide = oneSided ? InlineDepthLevels.Capacity : InlineDepthLevels.Capacity / 2;
        ReadOnlySpan<DepthLevel> bids = _slabs.Bids(in depth);
        ReadOnlySpan<DepthLevel> asks = _slabs.Asks(in depth);
        bids = bids[..Math.Min(bids.Length, perSide)];
        asks = asks[..Math.Min(asks.Length, perSide)];
        depth.SlabIndex = -1;
        depth.BidCount = (ushort)bids.Length;
        depth.AskCount = (ushort)asks.Length;
        Span<DepthLevel> levels = depth.Levels;
        bids.CopyTo(levels);
        asks.CopyTo(levels[bids.Length..]);
    }
}
