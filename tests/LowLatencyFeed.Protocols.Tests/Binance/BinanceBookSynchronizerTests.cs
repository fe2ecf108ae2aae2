using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>The local order book procedure, rule by rule, and its worked example (Binance/README.md §5 and §6).</summary>
public sealed class BinanceBookSynchronizerTests
{
    private static readonly DepthLevel[] s_none = [];

    // Binance/README.md §6 levels at BTCUSDT scale (2 / 8 decimals).
    private static readonly DepthLevel[] s_section6Bids = [new(3574398, 0, 0), new(3574387, 1500, 0)];
    private static readonly DepthLevel[] s_section6Asks = [new(3574388, 24_000_000, 0), new(3574397, 0, 0)];
    private static readonly DepthLevel[] s_snapshotBids = [new(3574398, 100_000_000, 0), new(3574390, 5_000_000, 0)];
    private static readonly DepthLevel[] s_snapshotAsks = [new(3574397, 7_000_000, 0), new(3574399, 3_000_000, 0)];

    private static BinanceBookSynchronizer NewBook(int bufferedEvents = 16, int bufferedLevels = 256, FeedDiagnostics? diagnostics = null)
        => new(BtcUsdt, 2, 8, sessionId: 3, bufferedEvents, bufferedLevels, slabs: null, diagnostics);

    private static BinanceDiff Diff(long first, long final, long time = 1_622_370_862_564_000_000) => new(first, final, time, time + 5);

    [Fact]
    public void Section6_worked_example_applies_the_straddling_event_after_the_snapshot()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);

        // Buffered while unsynced: nothing published, a snapshot is wanted.
        Assert.Equal(0, book.OnDiff(Diff(11294093710, 11294093726), s_section6Bids, s_section6Asks, ref sink));
        Assert.Equal(0, sink.Count);
        Assert.True(book.NeedsSnapshot);
        Assert.Equal(11294093710, book.FirstBufferedUpdateId);

        // Snapshot L = 11294093715: not older than U, the event is kept (u > L) and straddles (U <= L + 1 <= u).
        Assert.Equal(BinanceSnapshotOutcome.Applied, book.OnSnapshot(11294093715, s_snapshotBids, s_snapshotAsks, 42, ref sink, out int events));
        Assert.Equal(2, events);
        Assert.Equal(BinanceBookSyncState.Synced, book.State);
        Assert.Equal(11294093726, book.BookUpdateId);

        ref readonly MarketEvent snapshot = ref sink[0];
        Assert.Equal(EventKind.Depth, snapshot.Header.Kind);
        Assert.Equal(DepthUpdateKind.Snapshot, snapshot.Depth.UpdateKind);
        Assert.Equal(new BinanceDepthUpdateIds(11294093715, 11294093715, 0, true), Ids(snapshot));
        Assert.Equal(s_snapshotBids, Levels(snapshot).Bids);
        Assert.Equal(s_snapshotAsks, Levels(snapshot).Asks);
        Assert.Equal(42, snapshot.Header.ReceiveTimeNs);
        Assert.Equal(3, snapshot.Header.SessionId);

        ref readonly MarketEvent diff = ref sink[1];
        Assert.Equal(DepthUpdateKind.Diff, diff.Depth.UpdateKind);
        Assert.Equal(new BinanceDepthUpdateIds(11294093710, 11294093726, 0, true), Ids(diff));
        Assert.Equal(s_section6Bids, Levels(diff).Bids);   // remove bid 35743.98, set bid 35743.87 = 0.000015
        Assert.Equal(s_section6Asks, Levels(diff).Asks);   // set ask 35743.88 = 0.24, remove ask 35743.97
        Assert.Equal(1_622_370_862_564_000_000, diff.Header.ExchangeTimeNs);
        Assert.Equal(1_622_370_862_564_000_005, diff.Header.ReceiveTimeNs);

        // Next event must start at 11294093727; U = 11294093730 is a gap: BookResync, back to buffering.
        Assert.Equal(1, book.OnDiff(Diff(11294093730, 11294093740), s_none, s_none, ref sink));
        ref readonly MarketEvent resync = ref sink[2];
        Assert.Equal(EventKind.Control, resync.Header.Kind);
        Assert.Equal(ControlCode.BookResync, resync.Control.Code);
        Assert.Equal((int)BinanceResyncReason.Gap, resync.Control.Reason);
        Assert.Equal(11294093727, resync.Control.Argument0);
        Assert.Equal(11294093730, resync.Control.Argument1);
        Assert.Equal(BtcUsdt, resync.Header.Instrument);
        Assert.Equal(BinanceBookSyncState.Buffering, book.State);
        Assert.True(book.NeedsSnapshot);
        Assert.Equal(11294093730, book.FirstBufferedUpdateId);
        Assert.Equal(1, book.Gaps);
        Assert.Equal(1, book.Resyncs);
    }

    [Fact]
    public void Section6_snapshot_older_than_the_first_buffered_event_is_refetched()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(11294093710, 11294093726), s_section6Bids, s_section6Asks, ref sink);

        Assert.Equal(BinanceSnapshotOutcome.TooOld, book.OnSnapshot(11294093700, s_snapshotBids, s_snapshotAsks, 42, ref sink, out int events));

        Assert.Equal(0, events);
        Assert.Equal(0, sink.Count);
        Assert.True(book.NeedsSnapshot);
        Assert.Equal(1, book.SnapshotsTooOld);
        Assert.Equal(1, book.BufferedDiffs);

        // The refetched snapshot works with the same buffer.
        Assert.Equal(BinanceSnapshotOutcome.Applied, book.OnSnapshot(11294093715, s_snapshotBids, s_snapshotAsks, 43, ref sink, out events));
        Assert.Equal(2, events);
    }

    [Fact]
    public void Nothing_is_published_before_the_book_is_in_sync()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);

        for (long u = 10; u < 100; u += 10)
        {
            Assert.Equal(0, book.OnDiff(Diff(u - 9, u), [new DepthLevel(100 + u, 1, 0)], s_none, ref sink));
        }

        Assert.Equal(0, sink.Count);
        Assert.Equal(9, book.BufferedDiffs);
        Assert.Equal(BinanceBookSyncState.Buffering, book.State);
    }

    [Fact]
    public void Snapshot_drops_buffered_events_it_covers_and_publishes_the_rest_in_order()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(1, 10), [new DepthLevel(101, 1, 0)], s_none, ref sink);
        book.OnDiff(Diff(11, 20), [new DepthLevel(102, 1, 0)], s_none, ref sink);
        book.OnDiff(Diff(21, 30), [new DepthLevel(103, 1, 0)], s_none, ref sink);
        book.OnDiff(Diff(31, 40), [new DepthLevel(104, 1, 0)], s_none, ref sink);

        // L = 20: events u=10 and u=20 are dropped (u <= L); u=30 straddles (21 <= 21 <= 30).
        Assert.Equal(BinanceSnapshotOutcome.Applied, book.OnSnapshot(20, [new DepthLevel(100, 5, 0)], s_none, 7, ref sink, out int events));

        Assert.Equal(3, events);
        Assert.Equal(DepthUpdateKind.Snapshot, sink[0].Depth.UpdateKind);
        Assert.Equal(new BinanceDepthUpdateIds(21, 30, 0, true), Ids(sink[1]));
        Assert.Equal(103, sink[1].Depth.Levels[0].Price);
        Assert.Equal(new BinanceDepthUpdateIds(31, 40, 0, true), Ids(sink[2]));
        Assert.Equal(104, sink[2].Depth.Levels[0].Price);
        Assert.Equal(40, book.BookUpdateId);
        Assert.Equal(2, book.StaleDiffs);
        Assert.Equal(0, book.BufferedDiffs);
    }

    [Fact]
    public void Snapshot_covering_every_buffered_event_waits_for_a_straddling_live_event()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);

        Assert.Equal(BinanceSnapshotOutcome.Applied, book.OnSnapshot(25, s_none, s_none, 7, ref sink, out int events));
        Assert.Equal(1, events);
        Assert.Equal(25, book.BookUpdateId);

        // Rule 1: u <= bookUpdateId is stale and ignored (also u == bookUpdateId).
        Assert.Equal(0, book.OnDiff(Diff(11, 20), s_none, s_none, ref sink));
        Assert.Equal(0, book.OnDiff(Diff(21, 25), s_none, s_none, ref sink));

        // First applied event straddles L + 1 = 26 although it does not start there.
        Assert.Equal(1, book.OnDiff(Diff(22, 30), s_none, s_none, ref sink));
        Assert.Equal(30, book.BookUpdateId);
        Assert.Equal(2, sink.Count);
    }

    [Fact]
    public void First_live_event_not_straddling_the_snapshot_is_a_gap()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);
        book.OnSnapshot(25, s_none, s_none, 7, ref sink, out _);

        // U = 27 > L + 1 = 26: update 26 was missed.
        Assert.Equal(1, book.OnDiff(Diff(27, 30), s_none, s_none, ref sink));

        Assert.Equal(ControlCode.BookResync, sink[1].Control.Code);
        Assert.Equal(26, sink[1].Control.Argument0);
        Assert.Equal(27, sink[1].Control.Argument1);
        Assert.Equal(BinanceBookSyncState.Buffering, book.State);
    }

    [Fact]
    public void Continuity_requires_U_to_equal_previous_u_plus_one_once_applied()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);
        book.OnSnapshot(5, s_none, s_none, 7, ref sink, out _);
        Assert.Equal(10, book.BookUpdateId);

        Assert.Equal(1, book.OnDiff(Diff(11, 12), s_none, s_none, ref sink));

        // Overlapping (U <= book) is not a straddle any more: the chain must be exact.
        Assert.Equal(1, book.OnDiff(Diff(12, 14), s_none, s_none, ref sink));
        Assert.Equal(ControlCode.BookResync, sink[3].Control.Code);
        Assert.Equal(13, sink[3].Control.Argument0);
        Assert.Equal(12, sink[3].Control.Argument1);
        Assert.Equal(1, book.Gaps);
    }

    [Fact]
    public void After_a_gap_the_book_resyncs_from_a_new_snapshot_and_publishes_only_then()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);
        book.OnSnapshot(5, s_none, s_none, 7, ref sink, out _);
        book.OnDiff(Diff(20, 25), [new DepthLevel(1, 1, 0)], s_none, ref sink);   // gap: resync, buffered
        book.OnDiff(Diff(26, 30), [new DepthLevel(2, 1, 0)], s_none, ref sink);   // buffered
        int before = sink.Count;

        Assert.Equal(BinanceSnapshotOutcome.TooOld, book.OnSnapshot(19, s_none, s_none, 8, ref sink, out _));
        Assert.Equal(BinanceSnapshotOutcome.Applied, book.OnSnapshot(27, [new DepthLevel(9, 9, 0)], s_none, 8, ref sink, out int events));

        Assert.Equal(2, events);
        Assert.Equal(DepthUpdateKind.Snapshot, sink[before].Depth.UpdateKind);
        Assert.Equal(new BinanceDepthUpdateIds(26, 30, 0, true), Ids(sink[before + 1]));
        Assert.Equal(30, book.BookUpdateId);
        Assert.Equal(2, book.SnapshotsApplied);
    }

    [Fact]
    public void Gap_inside_the_buffer_discards_the_older_buffered_events()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);
        book.OnDiff(Diff(11, 20), s_none, s_none, ref sink);
        book.OnDiff(Diff(25, 30), s_none, s_none, ref sink);   // 21..24 missing

        Assert.Equal(1, book.BufferedDiffs);
        Assert.Equal(25, book.FirstBufferedUpdateId);
        Assert.Equal(1, book.BufferGaps);

        // A snapshot at 22 is older than the new first U: refetch.
        Assert.Equal(BinanceSnapshotOutcome.TooOld, book.OnSnapshot(22, s_none, s_none, 8, ref sink, out _));
        Assert.Equal(0, sink.Count);
    }

    [Fact]
    public void Repeated_event_while_buffering_is_dropped()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);

        Assert.Equal(1, book.BufferedDiffs);
        Assert.Equal(0, book.BufferGaps);
    }

    [Fact]
    public void Buffer_overflow_restarts_buffering_with_the_current_event()
    {
        var diagnostics = new FeedDiagnostics("test");
        var book = NewBook(bufferedEvents: 3, bufferedLevels: 4, diagnostics: diagnostics);
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(1, 1), s_none, s_none, ref sink);
        book.OnDiff(Diff(2, 2), s_none, s_none, ref sink);
        book.OnDiff(Diff(3, 3), s_none, s_none, ref sink);
        book.OnDiff(Diff(4, 4), s_none, s_none, ref sink);   // 4th event: the buffer holds 3

        Assert.Equal(1, book.BufferOverflows);
        Assert.Equal(1, book.BufferedDiffs);
        Assert.Equal(4, book.FirstBufferedUpdateId);
        Assert.Equal(1, diagnostics.ErrorCount(ParseErrorReason.Sequencing));

        // Level capacity counts too: 3 + 2 levels exceed 4.
        book.OnDiff(Diff(5, 5), [new(1, 1, 0), new(2, 1, 0), new(3, 1, 0)], s_none, ref sink);
        book.OnDiff(Diff(6, 6), [new(1, 1, 0)], [new(2, 1, 0)], ref sink);
        Assert.Equal(2, book.BufferOverflows);
        Assert.Equal(6, book.FirstBufferedUpdateId);
        Assert.Equal(0, sink.Count);
    }

    [Fact]
    public void Reset_of_a_synced_book_publishes_a_reconnect_resync()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);
        book.OnSnapshot(5, s_none, s_none, 7, ref sink, out _);

        Assert.Equal(1, book.Reset(99, ref sink));

        ref readonly MarketEvent e = ref sink[sink.Count - 1];
        Assert.Equal(ControlCode.BookResync, e.Control.Code);
        Assert.Equal((int)BinanceResyncReason.Reconnect, e.Control.Reason);
        Assert.Equal(10, e.Control.Argument0);
        Assert.Equal(99, e.Header.ReceiveTimeNs);
        Assert.Equal(BinanceBookSyncState.Buffering, book.State);
        Assert.False(book.NeedsSnapshot);

        // Diffs after the reconnect need a fresh snapshot even though they continue the old ids.
        Assert.Equal(0, book.OnDiff(Diff(11, 12), s_none, s_none, ref sink));
        Assert.True(book.NeedsSnapshot);

        // Resetting a book that is not in sync publishes nothing.
        Assert.Equal(0, book.Reset(100, ref sink));
    }

    [Fact]
    public void Snapshot_is_ignored_when_synced_or_when_nothing_is_buffered()
    {
        var book = NewBook();
        var sink = new CollectingSink(32);

        Assert.Equal(BinanceSnapshotOutcome.Ignored, book.OnSnapshot(5, s_none, s_none, 7, ref sink, out _));
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);
        book.OnSnapshot(5, s_none, s_none, 7, ref sink, out _);
        Assert.Equal(BinanceSnapshotOutcome.Ignored, book.OnSnapshot(50, s_none, s_none, 7, ref sink, out _));
        Assert.Equal(2, book.SnapshotsIgnored);
    }

    [Fact]
    public void Snapshot_larger_than_one_event_is_published_as_consecutive_fragments()
    {
        var book = NewBook();
        var sink = new CollectingSink(64);
        book.OnDiff(Diff(1, 10), s_none, s_none, ref sink);
        var bids = new DepthLevel[23];
        var asks = new DepthLevel[4];
        for (int i = 0; i < bids.Length; i++)
        {
            bids[i] = new DepthLevel(1000 - i, i + 1, 0);
        }

        for (int i = 0; i < asks.Length; i++)
        {
            asks[i] = new DepthLevel(1001 + i, i + 1, 0);
        }

        book.OnSnapshot(10, bids, asks, 7, ref sink, out int events);

        // 27 levels in fragments of at most 9: 5 bids + 4 asks, then 9 bids, then 9 bids.
        Assert.Equal(3, events);
        Assert.Equal(DepthUpdateKind.Snapshot, sink[0].Depth.UpdateKind);
        Assert.Equal(DepthUpdateKind.Diff, sink[1].Depth.UpdateKind);
        Assert.Equal((5, 4), (sink[0].Depth.BidCount, sink[0].Depth.AskCount));
        Assert.Equal((9, 0), (sink[1].Depth.BidCount, sink[1].Depth.AskCount));
        Assert.Equal((9, 0), (sink[2].Depth.BidCount, sink[2].Depth.AskCount));
        Assert.Equal(new BinanceDepthUpdateIds(10, 10, 0, false), Ids(sink[0]));
        Assert.Equal(new BinanceDepthUpdateIds(10, 10, 1, false), Ids(sink[1]));
        Assert.Equal(new BinanceDepthUpdateIds(10, 10, 2, true), Ids(sink[2]));

        var allBids = new List<DepthLevel>();
        var allAsks = new List<DepthLevel>();
        for (int i = 0; i < 3; i++)
        {
            allBids.AddRange(Levels(sink[i]).Bids);
            allAsks.AddRange(Levels(sink[i]).Asks);
        }

        Assert.Equal(bids, allBids);
        Assert.Equal(asks, allAsks);
    }
}
