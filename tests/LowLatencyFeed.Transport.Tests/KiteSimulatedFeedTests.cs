using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.Transport.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>The Kite feed's frames decode (with the real KiteProtocol) to exactly the events it reports as sent.</summary>
public sealed class KiteSimulatedFeedTests
{
    [Theory]
    [InlineData(SubscriptionMode.Ltp)]
    [InlineData(SubscriptionMode.Quote)]
    [InlineData(SubscriptionMode.Full)]
    public void Every_instrument_kind_round_trips_in_every_mode(SubscriptionMode mode)
    {
        var feed = new KiteSimulatedFeed();
        var options = new SimulatorOptions();
        ISimulatedFeedSession session = feed.CreateSession(new SimulatedSessionContext(0, string.Empty, feed.DefaultInstruments, options, NullLogger.Instance));
        var generator = new MarketGenerator(feed.DefaultInstruments, seed: 99, options.StartTimeUnixNs, stepNs: 1_000_000);
        var updates = new SimulatedUpdate[feed.DefaultInstruments.Count * 20];
        for (int i = 0; i < updates.Length; i++)
        {
            generator.Next(i % feed.DefaultInstruments.Count, mode, ref updates[i]);
        }

        var frames = new SimulatedFrameWriter();
        session.Encode(updates, frames);
        Assert.Equal(1, frames.FrameCount);
        var expected = new List<MarketEvent>();
        frames.MoveSentEventsTo(expected);

        var collector = new EventCollector();
        var sink = new CollectingSink(collector);
        var protocol = new KiteProtocol();
        ReadOnlyMemory<byte> frame = frames.Frame(0, out MessageKind kind);
        protocol.Decode(frame.Span, kind, receiveTimeNs: 123, ref sink);

        EventText.AssertSequence(expected, EventText.MarketOnly(collector.Snapshot()));
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(mode == SubscriptionMode.Full ? updates.Length * 2 - 20 : updates.Length, expected.Count); // indices have no depth
    }

    [Fact]
    public void The_idle_heartbeat_is_one_byte_and_counts_as_a_heartbeat()
    {
        var feed = new KiteSimulatedFeed();
        ISimulatedFeedSession session = feed.CreateSession(new SimulatedSessionContext(0, string.Empty, feed.DefaultInstruments, new SimulatorOptions(), NullLogger.Instance));
        var frames = new SimulatedFrameWriter();
        Assert.True(session.TryWriteHeartbeat(frames));
        ReadOnlyMemory<byte> frame = frames.Frame(0, out MessageKind kind);
        Assert.Equal(MessageKind.Binary, kind);
        Assert.Equal(1, frame.Length);

        var protocol = new KiteProtocol();
        var sink = new CollectingSink(new EventCollector());
        Assert.Equal(0, protocol.Decode(frame.Span, kind, 1, ref sink));
        Assert.Equal(1, protocol.Heartbeats);
    }
}
