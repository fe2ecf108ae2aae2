using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Transport.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Tests.Faults;

/// <summary>
/// Every simulated protocol through a real FeedSession with wire faults on: garbage and truncated copies cost exactly
/// one parse error each (of the reason the decoder's framing rules give) and no event, fragmented messages are
/// reassembled, and in every case the decoded events equal the simulator's capture and the connection stays up.
/// </summary>
public sealed class SimulatorWireFaultTests
{
    private const int Messages = 300;
    private const int GarbageEvery = 7;
    private const int TruncateEvery = 11;

    public static TheoryData<string, WireFault> Cases()
    {
        var data = new TheoryData<string, WireFault>();
        foreach (string path in SimulatedProtocolCase.Paths)
        {
            data.Add(path, WireFault.Garbage);
            data.Add(path, WireFault.Truncation);
            data.Add(path, WireFault.Fragments);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_fault_costs_its_exact_error_count_and_no_event(string path, WireFault fault)
    {
        SimulatedProtocolCase feed = SimulatedProtocolCase.For(path);

        // Fragments without pauses: each still arrives as its own WebSocket frame, so reassembly is fully exercised.
        var options = new SimulatorOptions
        {
            Seed = 17,
            MessagesPerSecond = 20_000,
            MaxMessages = Messages,
            GarbageEveryMessages = fault == WireFault.Garbage ? GarbageEvery : 0,
            TruncateEveryMessages = fault == WireFault.Truncation ? TruncateEvery : 0,
            FragmentBytes = fault == WireFault.Fragments ? feed.FragmentBytes : 0,
        };

        SimulatorConnection connection = await StreamAndVerifyAsync(feed, options);
        Assert.Equal(fault == WireFault.Garbage ? Messages / GarbageEvery : 0, connection.FaultsInjected(SimulatorFault.Garbage));
        // Exactly one truncation per 11 messages, however the batches fell and wherever the stream ended: a due
        // truncation with nothing cuttable in its batch cuts the message cut last again (SimulatorOptions.TruncateEveryMessages).
        Assert.Equal(fault == WireFault.Truncation ? Messages / TruncateEvery : 0, connection.FaultsInjected(SimulatorFault.Truncation));
        Assert.Equal(fault == WireFault.Fragments, connection.FaultsInjected(SimulatorFault.FragmentedMessage) > 0);
    }

    [Fact]
    public async Task A_truncation_due_when_nothing_is_left_to_cut_still_goes_out_before_the_stream_ends()
    {
        // Nothing can be cut after the 26th truncation (message 286): the 27th falls due at 297 with nothing cuttable in
        // its batch or the three messages left, so it resends the copy cut last instead of waiting for a cut that never comes.
        SimulatedProtocolCase feed = SimulatedProtocolCase.For("/kite") with
        {
            CreateFeed = static () => new UncuttableTailFeed(new LowLatencyFeed.Simulator.Feeds.KiteSimulatedFeed(), cuttableUpdates: 26 * TruncateEvery),
        };
        var options = new SimulatorOptions
        {
            Seed = 17,
            MessagesPerSecond = 20_000,
            MaxMessages = Messages,
            TruncateEveryMessages = TruncateEvery,
        };

        SimulatorConnection connection = await StreamAndVerifyAsync(feed, options);
        Assert.Equal(Messages / TruncateEvery, connection.FaultsInjected(SimulatorFault.Truncation));
    }

    [Fact]
    public async Task Every_fault_at_once_over_a_slow_link_loses_nothing()
    {
        // Pauses between fragments leave the client holding part of a message while the rest is still on its way.
        SimulatedProtocolCase feed = SimulatedProtocolCase.For("/kite");
        var options = new SimulatorOptions
        {
            Seed = 23,
            MessagesPerSecond = 20_000,
            MaxMessages = 100,
            GarbageEveryMessages = 9,
            TruncateEveryMessages = 10,
            FragmentBytes = 256,
            FragmentDelay = TimeSpan.FromMilliseconds(1),
        };

        SimulatorConnection connection = await StreamAndVerifyAsync(feed, options);
        Assert.Equal(11, connection.FaultsInjected(SimulatorFault.Garbage));
        Assert.Equal(10, connection.FaultsInjected(SimulatorFault.Truncation));
        Assert.True(connection.FaultsInjected(SimulatorFault.FragmentedMessage) > 0, "some messages went out in fragments");
    }

    /// <summary>
    /// Streams <see cref="SimulatorOptions.MaxMessages"/> messages of <paramref name="feed"/> into a FeedSession and
    /// checks the outcome against the simulator's own record: events equal the capture, errors equal the faults
    /// injected, per reason; one connection throughout.
    /// </summary>
    private static async Task<SimulatorConnection> StreamAndVerifyAsync(SimulatedProtocolCase feed, SimulatorOptions options)
    {
        options = options with { CaptureSentEvents = true, Feeds = [feed.CreateFeed()] };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var slabs = new DepthSlabPool(64);
        IFeedProtocol protocol = feed.CreateProtocol(slabs);
        var collector = new EventCollector();
        var session = new FeedSession(protocol, feed.Subscriptions, feed.SessionOptions(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new FlatteningSink(collector, slabs), stop.Token);

        SimulatorConnection connection = await KiteTestFeed.ConnectionAsync(server, 0);
        await Eventually.WaitAsync(() => connection.MessagesSent == options.MaxMessages, $"{options.MaxMessages} messages sent");
        MarketEvent[] sent = connection.GetSentEvents();
        long garbage = connection.FaultsInjected(SimulatorFault.Garbage);
        long truncated = connection.FaultsInjected(SimulatorFault.Truncation);
        await Eventually.WaitAsync(
            () => collector.CountMarket() == sent.Length
                && protocol.Diagnostics.TotalErrors == garbage + truncated
                && session.Statistics.Messages == connection.FramesSent
                && session.Statistics.Bytes == connection.BytesSent,
            $"{sent.Length} events, {garbage + truncated} errors and every message and byte sent received");
        await stop.CancelAsync();
        await run;

        // Nothing lost, nothing invented: the corrupt extras decoded to no event, fragments were reassembled whole.
        EventText.AssertSequence(sent, EventText.MarketOnly(collector.Snapshot()));
        FeedDiagnostics diagnostics = protocol.Diagnostics;
        Assert.Equal(garbage + truncated, diagnostics.TotalErrors);
        if (feed.GarbageReason == feed.TruncationReason)
        {
            Assert.Equal(garbage + truncated, diagnostics.ErrorCount(feed.GarbageReason));
        }
        else
        {
            Assert.Equal(garbage, diagnostics.ErrorCount(feed.GarbageReason));
            Assert.Equal(truncated, diagnostics.ErrorCount(feed.TruncationReason));
        }

        // The corrupt messages did not cost the connection: one connect, one client at the server, no decoder fault.
        Assert.Equal(1, session.Statistics.Connects);
        Assert.Single(server.Connections);
        Assert.Equal(0, session.Statistics.DecodeFaults);
        Assert.Equal(0, session.Statistics.DiscardedPartialMessages);
        return connection;
    }
}
