using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>The protocol wired to its synchronizers: requests, the lock-free handoff, resets.</summary>
public sealed class BinanceProtocolBookSyncTests
{
    [Fact]
    public void First_diff_requests_a_snapshot_and_the_completed_handoff_is_applied_at_the_next_message()
    {
        var protocol = Create();
        var requester = new RecordingSnapshotRequester();
        protocol.AttachSnapshotRequester(requester);
        var sink = new CollectingSink(32);

        Assert.Equal(0, Decode(protocol, Combined("btcusdt@depth@100ms", Section6Diff), ref sink));
        BinanceSnapshotHandoff handoff = Assert.Single(requester.Requests);
        Assert.Equal("BTCUSDT", handoff.Symbol);
        Assert.Equal(BtcUsdt, handoff.Instrument);
        Assert.Equal(1, handoff.Attempt);
        Assert.True(handoff.IsRequested);

        // The fetcher (here: the test) fills the snapshot on "its" thread and completes.
        Assert.True(BinanceDepthSnapshotParser.TryParse(
            Encoding.UTF8.GetBytes("""{"lastUpdateId":11294093715,"bids":[["35743.98","1.00000000"]],"asks":[["35743.97","0.07"]]}"""),
            handoff.Snapshot,
            out _,
            out _));
        handoff.Snapshot.ReceiveTimeNs = 77;
        handoff.Complete();

        // Any next message applies it first: snapshot, then the buffered diff of Binance/README.md §6, then the message's own event.
        Assert.Equal(3, Decode(protocol, BookTicker, ref sink));
        Assert.Equal(DepthUpdateKind.Snapshot, sink[0].Depth.UpdateKind);
        Assert.Equal(new DepthLevel(3574398, 100_000_000, 0), sink[0].Depth.Levels[0]);
        Assert.Equal(new BinanceDepthUpdateIds(11294093710, 11294093726, 0, true), Ids(sink[1]));
        Assert.Equal(EventKind.Quote, sink[2].Header.Kind);
        Assert.Equal(BinanceBookSyncState.Synced, protocol.GetBook(BtcUsdt)!.State);
        Assert.False(handoff.IsRequested);
        Assert.Single(requester.Requests);

        // In sync: the next continuous diff is published at once.
        sink.Clear();
        Assert.Equal(1, Decode(protocol, DepthUpdate("BTCUSDT", 11294093727, 11294093730, 1, [("35743.80", "1")], []), ref sink));
        Assert.Equal(new BinanceDepthUpdateIds(11294093727, 11294093730, 0, true), Ids(sink[0]));
    }

    [Fact]
    public void Diffs_arriving_while_the_snapshot_is_fetched_are_buffered_then_published()
    {
        var protocol = Create();
        var requester = new RecordingSnapshotRequester();
        protocol.AttachSnapshotRequester(requester);
        var sink = new CollectingSink(32);

        Decode(protocol, DepthUpdate("BTCUSDT", 100, 110, 1, [("1.00", "1")], []), ref sink);
        Decode(protocol, DepthUpdate("BTCUSDT", 111, 120, 2, [("2.00", "1")], []), ref sink);
        Decode(protocol, DepthUpdate("BTCUSDT", 121, 130, 3, [("3.00", "1")], []), ref sink);
        Assert.Equal(0, sink.Count);
        Assert.Single(requester.Requests);   // one outstanding request, not one per diff

        BinanceSnapshotHandoff handoff = requester.Requests[0];
        handoff.Snapshot.LastUpdateId = 115;
        handoff.Complete();
        Assert.Equal(3, protocol.ApplyReadySnapshots(ReceiveTime, ref sink));

        Assert.Equal(DepthUpdateKind.Snapshot, sink[0].Depth.UpdateKind);
        Assert.Equal(new BinanceDepthUpdateIds(111, 120, 0, true), Ids(sink[1]));
        Assert.Equal(new BinanceDepthUpdateIds(121, 130, 0, true), Ids(sink[2]));
        Assert.Equal(300, sink[2].Depth.Levels[0].Price);
    }

    [Fact]
    public void Too_old_snapshot_is_requested_again_with_a_higher_attempt()
    {
        var protocol = Create();
        var requester = new RecordingSnapshotRequester();
        protocol.AttachSnapshotRequester(requester);
        var sink = new CollectingSink(32);
        Decode(protocol, DepthUpdate("BTCUSDT", 100, 110, 1, [], []), ref sink);

        BinanceSnapshotHandoff handoff = requester.Requests[0];
        handoff.Snapshot.LastUpdateId = 50;
        handoff.Complete();
        Assert.Equal(0, protocol.ApplyReadySnapshots(ReceiveTime, ref sink));

        Assert.Equal(2, requester.Requests.Count);
        Assert.Same(handoff, requester.Requests[1]);
        Assert.Equal(2, handoff.Attempt);
        Assert.Equal(1, protocol.GetBook(BtcUsdt)!.SnapshotsTooOld);
    }

    [Fact]
    public void Gap_publishes_book_resync_in_the_stream_and_requests_a_new_snapshot()
    {
        var protocol = Create();
        var requester = new RecordingSnapshotRequester();
        protocol.AttachSnapshotRequester(requester);
        var sink = new CollectingSink(32);
        Decode(protocol, DepthUpdate("BTCUSDT", 100, 110, 1, [], []), ref sink);
        requester.Requests[0].Snapshot.LastUpdateId = 105;
        requester.Requests[0].Complete();
        protocol.ApplyReadySnapshots(ReceiveTime, ref sink);
        sink.Clear();

        Assert.Equal(1, Decode(protocol, DepthUpdate("BTCUSDT", 115, 120, 1, [], []), ref sink));

        Assert.Equal(ControlCode.BookResync, sink[0].Control.Code);
        Assert.Equal(2, requester.Requests.Count);
        Assert.Equal(1, requester.Requests[1].Attempt);   // the book was in sync in between: attempts restart
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Sequencing));
    }

    [Fact]
    public void Resubscribing_resets_books_and_publishes_resync_at_the_next_message()
    {
        var protocol = Create();
        var sink = new CollectingSink(32);
        Decode(protocol, DepthUpdate("BTCUSDT", 100, 110, 1, [], []), ref sink);
        protocol.GetBook(BtcUsdt)!.OnSnapshot(105, [], [], 1, ref sink, out _);
        sink.Clear();

        protocol.BuildSubscriptionMessages(All);
        Assert.Equal(2, Decode(protocol, BookTicker, ref sink));

        Assert.Equal(ControlCode.BookResync, sink[0].Control.Code);
        Assert.Equal((int)BinanceResyncReason.Reconnect, sink[0].Control.Reason);
        Assert.Equal(EventKind.Quote, sink[1].Header.Kind);
        Assert.Equal(BinanceBookSyncState.Buffering, protocol.GetBook(BtcUsdt)!.State);
    }

    [Fact]
    public void Large_diff_is_split_into_inline_fragments_all_carrying_the_ids()
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(32);
        var bids = new (string, string)[12];
        var asks = new (string, string)[12];
        for (int i = 0; i < 12; i++)
        {
            bids[i] = ((100 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
            asks[i] = ((101 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "0");
        }

        Assert.Equal(3, Decode(protocol, DepthUpdate("BTCUSDT", 500, 520, 1, bids, asks), ref sink));

        // 24 levels: 5 + 4, then 5 + 4, then 2 + 4.
        Assert.Equal((5, 4), (sink[0].Depth.BidCount, sink[0].Depth.AskCount));
        Assert.Equal((5, 4), (sink[1].Depth.BidCount, sink[1].Depth.AskCount));
        Assert.Equal((2, 4), (sink[2].Depth.BidCount, sink[2].Depth.AskCount));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(DepthUpdateKind.Diff, sink[i].Depth.UpdateKind);
            Assert.Equal(new BinanceDepthUpdateIds(500, 520, i, i == 2), Ids(sink[i]));
        }

        Assert.Equal(10000, sink[0].Depth.Levels[0].Price);   // 100.00
        Assert.Equal(10100, sink[0].Depth.Levels[5].Price);   // first ask 101.00
        Assert.Equal(8900, sink[2].Depth.Levels[1].Price);    // last bid 89.00
    }

    [Fact]
    public void Large_diff_with_a_slab_pool_travels_in_one_slab_with_ids_in_its_metadata()
    {
        var slabs = new DepthSlabPool(4, levelsPerSide: 20);
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false, Slabs = slabs });
        var sink = new CollectingSink(32);
        var bids = new (string, string)[12];
        for (int i = 0; i < 12; i++)
        {
            bids[i] = ((100 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), "2");
        }

        Assert.Equal(1, Decode(protocol, DepthUpdate("BTCUSDT", 500, 520, 1, bids, [("101", "3")]), ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.True(e.Depth.SlabIndex >= 0);
        Assert.Equal((12, 1), (e.Depth.BidCount, e.Depth.AskCount));
        Assert.Equal(new DepthLevel(8900, 200_000_000, 0), slabs.Bids(in e.Depth)[11]);
        Assert.Equal(new DepthLevel(10100, 300_000_000, 0), slabs.Asks(in e.Depth)[0]);
        Assert.Equal(new BinanceDepthUpdateIds(500, 520, 0, true), Ids(e, slabs));
        Assert.Equal(500, slabs.Metadata(e.Depth.SlabIndex).FirstUpdateId);
        Assert.Equal(520, slabs.Metadata(e.Depth.SlabIndex).LastUpdateId);

        // Small diffs stay inline with the trailer.
        sink.Clear();
        Decode(protocol, DepthUpdate("BTCUSDT", 521, 521, 1, [("99", "1")], []), ref sink);
        Assert.Equal(-1, sink[0].Depth.SlabIndex);
        Assert.Equal(new BinanceDepthUpdateIds(521, 521, 0, true), Ids(sink[0], slabs));
    }

    [Fact]
    public void Non_binance_or_foreign_depth_events_have_no_ids()
    {
        var e = default(MarketEvent);
        e.Header.Kind = EventKind.Depth;
        e.Header.Feed = FeedKind.Dhan;
        e.Depth.SlabIndex = -1;
        Assert.False(BinanceDepthWriter.TryReadUpdateIds(in e, null, out _));

        e.Header.Feed = FeedKind.Binance;
        Assert.False(BinanceDepthWriter.TryReadUpdateIds(in e, null, out _));   // no trailer tag
        e.Depth.BidCount = 10;
        Assert.False(BinanceDepthWriter.TryReadUpdateIds(in e, null, out _));   // no room for a trailer
    }
}
