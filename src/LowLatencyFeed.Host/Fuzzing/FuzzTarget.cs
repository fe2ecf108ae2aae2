using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Host.Simulation;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.Transport;

namespace LowLatencyFeed.Host.Fuzzing;

/// <summary>
/// One protocol as the live host decodes it — the protocol <see cref="FeedFactory"/> builds for a configured feed, inside
/// a <see cref="FeedSession"/> whose own record framing and dispatch decode each message — already through its handshake
/// with the simulator, plus the valid messages the simulator's encoders produced for it (the fuzzer's templates).
/// </summary>
public sealed class FuzzTarget
{
    private const int TemplateBatches = 48;
    private static readonly int[] s_batchSizes = [1, 1, 2, 3, 5, 8, 16, 40];

    private readonly FuzzSinkState _sinkState = new();
    private long _receiveTimeNs = 1_704_167_100L * 1_000_000_000L;

    private FuzzTarget(string protocol, FeedSession session, FeedDiagnostics diagnostics, FuzzCrashLog crashes)
    {
        Protocol = protocol;
        Session = session;
        Diagnostics = diagnostics;
        Crashes = crashes;
    }

    /// <summary>The protocol name (<see cref="SimulatedFeedConfig.Protocols"/>).</summary>
    public string Protocol { get; }

    /// <summary>The session whose detached decode path the frames go through.</summary>
    public FeedSession Session { get; }

    /// <summary>The parser's error counters.</summary>
    public FeedDiagnostics Diagnostics { get; }

    /// <summary>The first decoder exception the session absorbed, as its log received it.</summary>
    public FuzzCrashLog Crashes { get; }

    /// <summary>Valid messages of this protocol from the simulator: data frames of several batch sizes, heartbeats, replies, its own garbage.</summary>
    public IReadOnlyList<SimulatedMessage> Templates { get; private set; } = [];

    /// <summary>How many of the first <see cref="Templates"/> are handshake replies (control messages) rather than stream data.</summary>
    public int ControlTemplates { get; private set; }

    /// <summary>Events published and slots claimed so far.</summary>
    public FuzzSinkState Sink => _sinkState;

    /// <summary>Builds the target of <paramref name="protocol"/> with templates from a simulator seeded with <paramref name="seed"/>.</summary>
    public static FuzzTarget Create(string protocol, long seed)
    {
        string path = SimulatedFeedConfig.PathOf(protocol);

        // HSM with ACKs on: data frames carry message numbers and the parser produces replies, as with a real server that asks.
        ISimulatedFeed feed = protocol == "kotak-hsm" ? new KotakHsmSimulatedFeed { AckInterval = 4 } : DetachedSimulatedConnection.FeedAt(path);
        FeedOptions options = SimulatedFeedConfig.For(protocol, feed.DefaultInstruments, "ws://127.0.0.1:9" + path, "http://127.0.0.1:9/", SimulatedFeedConfig.MaxInstruments(protocol));
        List<Subscription> subscriptions = FeedFactory.SubscriptionsOf(options);
        var crashes = new FuzzCrashLog();
        var diagnostics = new FeedDiagnostics(protocol);
        var slabs = new DepthSlabPool(64);
        (IFeedProtocol decoder, _) = FeedFactory.CreateDecoder(options, 1, subscriptions, diagnostics, slabs, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var connection = new DetachedSimulatedConnection(feed, seed);
        if (decoder is BinanceProtocol binance)
        {
            binance.AttachSnapshotRequester(new FuzzSnapshotRequester(connection));
        }

        var session = new FeedSession(decoder, subscriptions, new FeedSessionOptions { Uri = new Uri(options.Url), Name = protocol, SessionId = 1 }, crashes);
        var target = new FuzzTarget(protocol, session, diagnostics, crashes);
        target.Templates = target.Handshake(connection, decoder, subscriptions, seed);
        return target;
    }

    /// <summary>Decodes one message through the live decode path; returns the events published.</summary>
    public int Decode(ReadOnlySpan<byte> message, MessageKind kind)
    {
        _receiveTimeNs += 1_000_000;
        return Session.DecodeDetached(message, kind, _receiveTimeNs, new FuzzSink(_sinkState));
    }

    /// <summary>Connects and subscribes as a live session would (decoding the simulator's replies), then collects templates.</summary>
    private List<SimulatedMessage> Handshake(DetachedSimulatedConnection connection, IFeedProtocol decoder, List<Subscription> subscriptions, long seed)
    {
        var templates = new List<SimulatedMessage>();
        DecodeAll(connection.Connect(), templates);
        foreach (OutgoingMessage request in decoder.BuildSubscriptionMessages(subscriptions))
        {
            DecodeAll(connection.Receive(request.Payload.Span, request.Kind), templates);
        }

        ControlTemplates = templates.Count;
        var random = new DeterministicRandom((ulong)seed);
        for (int batch = 0; batch < TemplateBatches; batch++)
        {
            DecodeAll(connection.NextUpdates(s_batchSizes[batch % s_batchSizes.Length]), templates);
        }

        DecodeAll(connection.Heartbeat(), templates);
        byte[] noise = new byte[32];
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (byte)random.NextUInt64();
        }

        templates.AddRange(connection.Garbage(noise));
        if (templates.Count == 0)
        {
            throw new InvalidOperationException($"The simulator produced no message for {Protocol}.");
        }

        return templates;
    }

    private void DecodeAll(List<SimulatedMessage> messages, List<SimulatedMessage> templates)
    {
        foreach (SimulatedMessage message in messages)
        {
            Decode(message.Payload, message.Kind);
            templates.Add(message);
        }
    }
}
