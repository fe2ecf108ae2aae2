using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.Transport.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Tests.Faults;

/// <summary>
/// A consumer that stops reading while the simulator streams unpaced: the simulator's sends wait for the client
/// (backpressure through the socket) instead of buffering, and once the consumer resumes nothing has been lost.
/// </summary>
public sealed class SlowReaderBackpressureTests
{
    [Fact]
    public async Task A_stalled_consumer_holds_the_unpaced_simulator_back_and_loses_nothing()
    {
        const int closeAt = 1000;
        var options = new SimulatorOptions { Seed = 31, MessagesPerSecond = 0, CaptureSentEvents = true, Feeds = [new KiteSimulatedFeed()] };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var collector = new EventCollector();
        using var gate = new ManualResetEventSlim(false);
        var session = new FeedSession(new KiteProtocol(), KiteTestFeed.AllFull(), KiteTestFeed.Options(server) with { StaleTimeout = TimeSpan.FromSeconds(60) });
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new GatedSink(collector, gate, closeAt), stop.Token);
        SimulatorConnection connection = await KiteTestFeed.ConnectionAsync(server, 0);

        try
        {
            // The consumer stops; with no message limit an unbounded sender would never stop. Ours ends up parked in a
            // send, making no progress, with the data in flight bounded by the transport's buffers.
            long lastBytes = -1;
            await Eventually.WaitAsync(
                () =>
                {
                    long bytes = connection.BytesSent;
                    bool stalled = collector.Count == closeAt && connection.IsWaitingOnClient && bytes == lastBytes;
                    lastBytes = bytes;
                    return stalled;
                },
                "the simulator waiting on the stalled consumer");
        }
        finally
        {
            gate.Set();
        }

        long stalledMessages = connection.MessagesSent;
        int stalledEvents = connection.GetSentEvents().Length;
        Assert.True(connection.SendsWaited >= 1);
        Assert.True(stalledEvents > closeAt, "the simulator ran ahead of the consumer into the transport's buffers");

        // The consumer resumes: everything sent while it was stalled, and more, arrives in order.
        await Eventually.WaitAsync(() => collector.CountMarket() >= stalledEvents + 2000, "the backlog and more decoded");
        await stop.CancelAsync();
        await run;

        List<MarketEvent> received = EventText.MarketOnly(collector.Snapshot());
        MarketEvent[] sent = connection.GetSentEvents();
        Assert.True(received.Count <= sent.Length);
        EventText.AssertSequence(sent.Take(received.Count).ToList(), received);
        Assert.True(connection.MessagesSent > stalledMessages, "the simulator resumed once the consumer did");
        Assert.Equal(1, session.Statistics.Connects);
        Assert.Equal(0, session.Statistics.ParseErrors);
        Assert.InRange(session.Statistics.DiscardedPartialMessages, 0, 1);
    }
}
