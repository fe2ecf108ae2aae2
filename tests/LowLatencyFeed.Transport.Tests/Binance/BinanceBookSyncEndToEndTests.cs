using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.Transport.Binance;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests.Binance;

/// <summary>
/// Simulator with update-id gaps → WebSocket → FeedSession → BinanceProtocol + synchronizers ⇄ REST snapshot fetcher →
/// events → a reference book, which must equal the simulator's book once the stream stops.
/// </summary>
public sealed class BinanceBookSyncEndToEndTests
{
    [Fact]
    public async Task Books_resync_after_injected_gaps_and_end_equal_to_the_simulator_books()
    {
        const int Updates = 4000;
        var feedOptions = new BinanceSimulatedFeedOptions { GapEveryDiffs = 300, MaxGaps = 3 };
        var options = new SimulatorOptions { MessagesPerSecond = 2000, MaxMessages = Updates };
        (SimulatorServer server, BinanceSimulatedFeed feed) = await BinanceTestFeed.StartAsync(feedOptions, options);
        await using SimulatorServer running = server;
        Subscription[] subscriptions = [BinanceTestFeed.BtcUsdt, BinanceTestFeed.EthUsdt, BinanceTestFeed.BnbUsdt];
        var protocol = new BinanceProtocol(subscriptions, new BinanceProtocolOptions { SessionId = 4 });
        using var client = new BinanceDepthSnapshotClient(BinanceTestFeed.RestBase(server));
        await using BinanceSnapshotFetcher fetcher = BinanceSnapshotFetcher.AttachTo(protocol, client);
        var collector = new EventCollector();
        var session = new FeedSession(protocol, subscriptions, BinanceTestFeed.SessionOptions(server) with { SessionId = 4 });
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);

        await Eventually.WaitAsync(() => server.Connections.Count == 1, "a connection");
        SimulatorConnection connection = server.Connections[0];
        await Eventually.WaitAsync(() => connection.MessagesSent == Updates, $"{Updates} updates sent");
        long btcHead = feed.Market.GetBook("btcusdt").LastUpdateId;
        long ethHead = feed.Market.GetBook("ethusdt").LastUpdateId;
        await Eventually.WaitAsync(
            () => LastFinalId(collector, BinanceTestFeed.BtcUsdt.Instrument) == btcHead && LastFinalId(collector, BinanceTestFeed.EthUsdt.Instrument) == ethHead,
            "both books caught up with the simulator");
        await stop.CancelAsync();
        await run;

        MarketEvent[] events = collector.Snapshot();
        var btc = new ReferenceBook();
        var eth = new ReferenceBook();
        foreach (MarketEvent e in events)
        {
            if (e.Header.Instrument == BinanceTestFeed.BtcUsdt.Instrument)
            {
                btc.Apply(e);
            }
            else if (e.Header.Instrument == BinanceTestFeed.EthUsdt.Instrument)
            {
                eth.Apply(e);
            }
        }

        foreach ((ReferenceBook book, string symbol) in new[] { (btc, "btcusdt"), (eth, "ethusdt") })
        {
            BinanceSimulatedBook expected = feed.Market.GetBook(symbol);
            Assert.True(book.IsValid, $"{symbol} ends in sync");
            Assert.Equal(expected.LastUpdateId, book.LastUpdateId);
            Assert.Equal(expected.Bids, book.BidLevels());
            Assert.Equal(expected.Asks, book.AskLevels());
            // Diffs that arrive while a snapshot is fetched are folded into it, so a slow (loaded) machine applies fewer:
            // the bound only proves the diff path ran, the book equality above proves it right.
            Assert.True(book.Diffs > 100, $"{symbol}: only {book.Diffs} diffs applied");
            Assert.Equal(book.Resyncs + 1, book.Snapshots);
        }

        // Three gaps were injected; each hit a book either in sync (BookResync, then a new snapshot) or still buffering.
        int resyncs = btc.Resyncs + eth.Resyncs;
        Assert.InRange(resyncs, 1, 3);
        Assert.Equal(resyncs, collector.CountControl(ControlCode.BookResync));
        Assert.All(events, e => Assert.Equal(4, e.Header.SessionId));
        Assert.Equal(resyncs, protocol.GetBook(BinanceTestFeed.BtcUsdt.Instrument)!.Gaps + protocol.GetBook(BinanceTestFeed.EthUsdt.Instrument)!.Gaps);
        Assert.True(fetcher.Fetches >= 2 + resyncs);
        Assert.Equal(fetcher.Fetches, feed.Market.SnapshotRequests);
        Assert.Equal(protocol.Diagnostics.ErrorCount(ParseErrorReason.Sequencing), protocol.Diagnostics.TotalErrors);
        Assert.Contains(events, e => e.Header.Kind == EventKind.Quote && e.Header.Instrument == BinanceTestFeed.BnbUsdt.Instrument);
        Assert.Equal(1, session.Statistics.Connects);
    }

    private static long LastFinalId(EventCollector collector, InstrumentId instrument)
    {
        MarketEvent[] events = collector.Snapshot();
        for (int i = events.Length - 1; i >= 0; i--)
        {
            if (events[i].Header.Instrument == instrument && events[i].Header.Kind == EventKind.Depth
                && BinanceDepthWriter.TryReadUpdateIds(in events[i], null, out BinanceDepthUpdateIds ids) && ids.IsFinal)
            {
                return ids.LastUpdateId;
            }
        }

        return -1;
    }
}
