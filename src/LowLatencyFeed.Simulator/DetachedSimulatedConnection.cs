using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// One simulated connection without a socket: the same feed session, generator and subscriptions as a served
/// connection, driven by calls, returning the messages the server would send. For tools that need the wire bytes a
/// feed produces (the fuzzer's valid frames) without a network. Deterministic for a seed. Not thread-safe.
/// </summary>
public sealed class DetachedSimulatedConnection
{
    private readonly ISimulatedFeedSession _session;
    private readonly MarketGenerator _generator;
    private readonly SimulatedFrameWriter _frames = new(captureEvents: false);
    private SimulatedUpdate[] _updates = [];

    /// <summary>Creates the connection of <paramref name="feed"/> over its default instruments (or <paramref name="instruments"/>).</summary>
    public DetachedSimulatedConnection(ISimulatedFeed feed, long seed, IReadOnlyList<SimulatedInstrument>? instruments = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        IReadOnlyList<SimulatedInstrument> streamed = instruments is { Count: > 0 } ? instruments : feed.DefaultInstruments;
        var options = new SimulatorOptions { Seed = seed, Instruments = streamed };
        _generator = new MarketGenerator(streamed, seed, options.StartTimeUnixNs, options.SimulatedStep.Ticks * TimeSpan.NanosecondsPerTick);
        _session = feed.CreateSession(new SimulatedSessionContext(0, string.Empty, streamed, options, NullLogger.Instance));
        Feed = feed;
    }

    /// <summary>The simulated feed.</summary>
    public ISimulatedFeed Feed { get; }

    /// <summary>What the client has subscribed so far.</summary>
    public SimulatedSubscriptions Subscriptions { get; } = new();

    /// <summary>A new instance of the simulator's feed at <paramref name="path"/> (e.g. <c>/kite</c>).</summary>
    /// <exception cref="ArgumentException">No feed serves that path.</exception>
    public static ISimulatedFeed FeedAt(string path)
    {
        foreach (ISimulatedFeed feed in SimulatorServer.DiscoverFeeds())
        {
            if (string.Equals("/" + feed.Path.Trim('/'), path, StringComparison.Ordinal))
            {
                return feed;
            }
        }

        throw new ArgumentException($"No simulated feed serves '{path}'.", nameof(path));
    }

    /// <summary>The accept: what the server sends first (most feeds: nothing).</summary>
    public List<SimulatedMessage> Connect()
    {
        _frames.Reset();
        _session.OnConnected(Subscriptions, _frames);
        return Drain();
    }

    /// <summary>A client message (auth, subscribe, mode, ACK) and the server's replies to it.</summary>
    public List<SimulatedMessage> Receive(ReadOnlySpan<byte> message, MessageKind kind)
    {
        _frames.Reset();
        _session.OnClientMessage(message, kind, Subscriptions, _frames);
        return Drain();
    }

    /// <summary>
    /// <paramref name="count"/> market updates of randomly picked subscribed instruments, encoded as the feed batches
    /// them (as many per frame as it allows); empty when nothing is subscribed.
    /// </summary>
    public List<SimulatedMessage> NextUpdates(int count)
    {
        (long Token, SubscriptionMode Mode)[] active = Subscriptions.Snapshot(out _);
        var indices = new List<(int Index, SubscriptionMode Mode)>();
        foreach ((long token, SubscriptionMode mode) in active)
        {
            for (int i = 0; i < _generator.Instruments.Count; i++)
            {
                if (_generator.Instruments[i].Token == token)
                {
                    indices.Add((i, mode));
                    break;
                }
            }
        }

        _frames.Reset();
        if (indices.Count == 0 || count <= 0)
        {
            return [];
        }

        int batch = Math.Min(count, Math.Max(1, _session.MaxUpdatesPerFrame));
        if (_updates.Length < batch)
        {
            _updates = new SimulatedUpdate[batch];
        }

        for (int done = 0; done < count; done += batch)
        {
            int n = Math.Min(batch, count - done);
            for (int i = 0; i < n; i++)
            {
                (int index, SubscriptionMode mode) = indices[_generator.Pick(indices.Count)];
                _generator.Next(index, mode, ref _updates[i]);
            }

            _session.Encode(_updates.AsSpan(0, n), _frames);
        }

        return Drain();
    }

    /// <summary>The idle heartbeat, when the feed has one.</summary>
    public List<SimulatedMessage> Heartbeat()
    {
        _frames.Reset();
        return _session.TryWriteHeartbeat(_frames) ? Drain() : [];
    }

    /// <summary>The simulator's own garbage message built from <paramref name="noise"/> (8..64 bytes), when the feed can corrupt its wire.</summary>
    public List<SimulatedMessage> Garbage(ReadOnlySpan<byte> noise)
    {
        _frames.Reset();
        if (_session is not ISimulatedFaultWriter faults)
        {
            return [];
        }

        faults.WriteGarbage(noise, _frames);
        return Drain();
    }

    private List<SimulatedMessage> Drain()
    {
        var messages = new List<SimulatedMessage>(_frames.FrameCount);
        for (int i = 0; i < _frames.FrameCount; i++)
        {
            ReadOnlyMemory<byte> frame = _frames.Frame(i, out MessageKind kind);
            messages.Add(new SimulatedMessage(frame.ToArray(), kind));
        }

        _frames.Reset();
        return messages;
    }
}
