using System.Buffers;
using System.Net;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.Transport.Binance;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests.Binance;

/// <summary>The REST snapshot client and the fetcher against the simulator's <c>/api/v3/depth</c> on 127.0.0.1.</summary>
public sealed class BinanceRestSnapshotTests
{
    [Fact]
    public async Task Snapshot_equals_the_simulated_book()
    {
        (SimulatorServer server, BinanceSimulatedFeed feed) = await BinanceTestFeed.StartAsync();
        await using SimulatorServer running = server;
        using var client = new BinanceDepthSnapshotClient(BinanceTestFeed.RestBase(server));
        var snapshot = new BinanceDepthSnapshot(1000, 2, 8);

        await client.FetchAsync("btcusdt", 1000, snapshot, CancellationToken.None);

        BinanceSimulatedBook book = feed.Market.GetBook("btcusdt");
        Assert.Equal(999_999, book.LastUpdateId);   // FirstUpdateId - 1: nothing streamed yet
        Assert.Equal(book.LastUpdateId, snapshot.LastUpdateId);
        Assert.Equal(book.Bids, snapshot.Bids.ToArray());
        Assert.Equal(book.Asks, snapshot.Asks.ToArray());
        Assert.Equal(20, snapshot.BidCount);
        Assert.True(snapshot.ReceiveTimeNs > 0);
        Assert.Equal(1, feed.Market.SnapshotRequests);

        // The default book starts one tick either side of 43000.00 with lots of 0.001.
        Assert.Equal(4_299_999, snapshot.Bids[0].Price);
        Assert.Equal(4_300_001, snapshot.Asks[0].Price);
        Assert.Equal(0, snapshot.Bids[0].Quantity % 100_000);
    }

    [Fact]
    public async Task Limit_returns_the_best_levels_only()
    {
        (SimulatorServer server, BinanceSimulatedFeed feed) = await BinanceTestFeed.StartAsync();
        await using SimulatorServer running = server;
        using var client = new BinanceDepthSnapshotClient(BinanceTestFeed.RestBase(server));
        var snapshot = new BinanceDepthSnapshot(5, 2, 8);

        await client.FetchAsync("BTCUSDT", 5, snapshot, CancellationToken.None);

        BinanceSimulatedBook book = feed.Market.GetBook("btcusdt");
        Assert.Equal(book.Bids[..5], snapshot.Bids.ToArray());
        Assert.Equal(book.Asks[..5], snapshot.Asks.ToArray());
        Assert.Equal(new Uri(BinanceTestFeed.RestBase(server), "api/v3/depth?symbol=BTCUSDT&limit=5"), client.BuildUri("btcusdt", 5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.FetchAsync("BTCUSDT", 6, snapshot, CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_symbol_is_a_snapshot_exception_with_the_server_status()
    {
        (SimulatorServer server, _) = await BinanceTestFeed.StartAsync();
        await using SimulatorServer running = server;
        using var client = new BinanceDepthSnapshotClient(BinanceTestFeed.RestBase(server));

        BinanceSnapshotException error = await Assert.ThrowsAsync<BinanceSnapshotException>(
            () => client.FetchAsync("NOPE", 10, new BinanceDepthSnapshot(10, 2, 8), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("-1121", error.Message);
    }

    [Fact]
    public async Task Fetcher_hands_the_snapshot_to_the_protocol_which_applies_it_on_the_reader_thread()
    {
        (SimulatorServer server, BinanceSimulatedFeed feed) = await BinanceTestFeed.StartAsync();
        await using SimulatorServer running = server;
        using var client = new BinanceDepthSnapshotClient(BinanceTestFeed.RestBase(server));
        var protocol = new BinanceProtocol([BinanceTestFeed.BtcUsdt]);
        await using BinanceSnapshotFetcher fetcher = BinanceSnapshotFetcher.AttachTo(protocol, client);
        var collector = new EventCollector();
        var sink = new CollectingSink(collector);

        // A diff ending at the book's id: buffered, and it triggers the fetch.
        Decode(protocol, """{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":999990,"u":999999,"b":[],"a":[]}""", ref sink);
        BinanceSnapshotHandoff handoff = protocol.GetSnapshotHandoff(BinanceTestFeed.BtcUsdt.Instrument)!;
        await Eventually.WaitAsync(() => fetcher.Fetches == 1, "the snapshot was fetched");
        Assert.Equal(0, collector.Count);

        // This thread plays the reader loop.
        Assert.Equal(5, protocol.ApplyReadySnapshots(1, ref sink));   // 20 + 20 levels in fragments of 9: 5+4 four times, then 0+4

        MarketEvent[] events = collector.Snapshot();
        Assert.Equal(DepthUpdateKind.Snapshot, events[0].Depth.UpdateKind);
        Assert.True(BinanceDepthWriter.TryReadUpdateIds(in events[4], null, out BinanceDepthUpdateIds ids));
        Assert.Equal(new BinanceDepthUpdateIds(999_999, 999_999, 4, true), ids);
        Assert.Equal(BinanceBookSyncState.Synced, protocol.GetBook(BinanceTestFeed.BtcUsdt.Instrument)!.State);
        Assert.False(handoff.IsRequested);
        Assert.Equal(1, feed.Market.SnapshotRequests);
    }

    [Fact]
    public async Task Failing_fetch_is_retried_until_the_fetcher_is_disposed_which_abandons_the_handoff()
    {
        (SimulatorServer server, _) = await BinanceTestFeed.StartAsync();
        await using SimulatorServer running = server;
        using var client = new BinanceDepthSnapshotClient(BinanceTestFeed.RestBase(server));

        // The protocol knows "xyzusdt"; the simulator does not, so every fetch fails with -1121.
        var unknown = BinanceTestFeed.BtcUsdt with { Symbol = "xyzusdt" };
        var protocol = new BinanceProtocol([unknown]);
        var fetcher = BinanceSnapshotFetcher.AttachTo(protocol, client, new BinanceSnapshotFetcherOptions { RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(20) });
        var sink = new CollectingSink(new EventCollector());
        Decode(protocol, """{"e":"depthUpdate","E":1,"s":"XYZUSDT","U":1,"u":2,"b":[],"a":[]}""", ref sink);
        BinanceSnapshotHandoff handoff = protocol.GetSnapshotHandoff(unknown.Instrument)!;

        await Eventually.WaitAsync(() => fetcher.Failures >= 3, "three failed attempts");
        Assert.True(handoff.IsRequested);
        await fetcher.DisposeAsync();

        Assert.False(handoff.IsRequested);
        Assert.Equal(0, fetcher.Fetches);
    }

    private static void Decode(BinanceProtocol protocol, string json, ref CollectingSink sink)
        => protocol.Decode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), MessageKind.Text, 1, ref sink);
}
