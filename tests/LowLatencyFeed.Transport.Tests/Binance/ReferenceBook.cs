using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;

namespace LowLatencyFeed.Transport.Tests.Binance;

/// <summary>
/// A deliberately simple order book built from the event stream (sorted dictionaries), checking on the way the
/// contract of synchronized Binance books: nothing before a snapshot, every diff continues the previous one.
/// </summary>
internal sealed class ReferenceBook
{
    private bool _valid;
    private bool _afterSnapshot;
    private long _lastUpdateId;

    public SortedDictionary<long, long> Bids { get; } = new(Comparer<long>.Create(static (a, b) => b.CompareTo(a)));

    public SortedDictionary<long, long> Asks { get; } = new();

    public long LastUpdateId => _lastUpdateId;

    public int Snapshots { get; private set; }

    public int Resyncs { get; private set; }

    public int Diffs { get; private set; }

    public bool IsValid => _valid;

    public void Apply(in MarketEvent e)
    {
        if (e.Header.Kind == EventKind.Control && e.Control.Code == ControlCode.BookResync)
        {
            Assert.True(_valid, "BookResync only discards a book that was in sync");
            _valid = false;
            Bids.Clear();
            Asks.Clear();
            Resyncs++;
            return;
        }

        if (e.Header.Kind != EventKind.Depth)
        {
            return;
        }

        Assert.True(BinanceDepthWriter.TryReadUpdateIds(in e, null, out BinanceDepthUpdateIds ids), "every Binance depth event carries its update ids");
        if (ids.FragmentIndex == 0)
        {
            if (e.Depth.UpdateKind == DepthUpdateKind.Snapshot)
            {
                Bids.Clear();
                Asks.Clear();
                _valid = true;
                _afterSnapshot = true;
                Snapshots++;
            }
            else
            {
                Assert.True(_valid, $"diff {ids.FirstUpdateId}..{ids.LastUpdateId} published while the book was not in sync");
                if (_afterSnapshot)
                {
                    Assert.True(ids.FirstUpdateId <= _lastUpdateId + 1 && ids.LastUpdateId >= _lastUpdateId + 1, "the first diff straddles the snapshot");
                }
                else
                {
                    Assert.Equal(_lastUpdateId + 1, ids.FirstUpdateId);
                }

                _afterSnapshot = false;
                Diffs++;
            }
        }

        ReadOnlySpan<DepthLevel> levels = e.Depth.Levels;
        for (int i = 0; i < e.Depth.BidCount + e.Depth.AskCount; i++)
        {
            SortedDictionary<long, long> side = i < e.Depth.BidCount ? Bids : Asks;
            if (levels[i].Quantity == 0)
            {
                side.Remove(levels[i].Price);
            }
            else
            {
                side[levels[i].Price] = levels[i].Quantity;
            }
        }

        if (ids.IsFinal)
        {
            _lastUpdateId = ids.LastUpdateId;
        }
    }

    public DepthLevel[] BidLevels() => [.. Bids.Select(static l => new DepthLevel(l.Key, l.Value, 0))];

    public DepthLevel[] AskLevels() => [.. Asks.Select(static l => new DepthLevel(l.Key, l.Value, 0))];
}
