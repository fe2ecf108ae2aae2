using System.Collections.Concurrent;
using System.Net.WebSockets;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// One client connection of the simulator: what the client asked for and what was sent to it. Counters may be read
/// while the connection runs; <see cref="Completion"/> finishes when it has closed.
/// </summary>
public sealed partial class SimulatorConnection
{
    private readonly ISimulatedFeedSession _session;
    private readonly Lock _sessionLock = new();
    private readonly MarketGenerator _generator;
    private readonly SimulatorOptions _options;
    private readonly ILogger _logger;
    private readonly List<SimulatedClientMessage> _clientMessages = [];
    private readonly SentEventLog _sentEvents;
    private readonly ConcurrentQueue<(byte[] Payload, MessageKind Kind)> _replies = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _messagesSent;
    private long _framesSent;
    private long _heartbeatsSent;
    private long _bytesSent;
    private long _unknownTokens;
    private long _sendsWaited;
    private volatile bool _waitingOnClient;
    private volatile bool _silent;
    private volatile string? _endReason;
    private readonly CancellationTokenSource _policyEnded = new();
    private volatile string? _tokenExpiry;
    private volatile string[] _messageTokens = [];

    internal SimulatorConnection(
        int id,
        ISimulatedFeed feed,
        string queryString,
        IReadOnlyDictionary<string, string> requestHeaders,
        IReadOnlyList<SimulatedInstrument> instruments,
        SimulatorOptions options,
        ILogger logger,
        Func<string, bool>? isTokenRevoked = null,
        Action? tokenRefused = null)
    {
        Id = id;
        Feed = feed.Feed;
        Path = feed.Path;
        QueryString = queryString;
        RequestHeaders = requestHeaders;
        _options = options;
        _logger = logger;
        _generator = new MarketGenerator(instruments, options.Seed + id, options.StartTimeUnixNs, options.SimulatedStep.Ticks * TimeSpan.NanosecondsPerTick);
        _session = feed.CreateSession(new SimulatedSessionContext(id, queryString, instruments, options, logger)
        {
            IsTokenRevoked = isTokenRevoked ?? (static _ => false),
            PresentToken = token => _messageTokens = [.. _messageTokens, token],
            RefuseToken = reason =>
            {
                tokenRefused?.Invoke();
                _endReason ??= "token refused";
                ExpireToken(reason);
            },
        });
        _sentEvents = new SentEventLog(options.CaptureSentEvents && options.SentEventsDirectory is { } directory
            ? System.IO.Path.Combine(directory, $"connection-{id}.events")
            : null);

        // Its own stream, so turning faults on does not change the market data of a seed.
        _faultRandom = new DeterministicRandom((ulong)(options.Seed + id) ^ FaultSeedSalt);
    }

    /// <summary>Server-wide connection number, 0 for the first; the generator seed is <c>Seed + Id</c>.</summary>
    public int Id { get; }

    /// <summary>The feed it speaks.</summary>
    public FeedKind Feed { get; }

    /// <summary>The endpoint path it connected to.</summary>
    public string Path { get; }

    /// <summary>The handshake query string (including '?'), or empty.</summary>
    public string QueryString { get; }

    /// <summary>The handshake request headers (e.g. <c>X-Kite-Version</c>).</summary>
    public IReadOnlyDictionary<string, string> RequestHeaders { get; }

    /// <summary>The client's current subscriptions.</summary>
    public SimulatedSubscriptions Subscriptions { get; } = new();

    /// <summary>Market messages (updates) sent.</summary>
    public long MessagesSent => Volatile.Read(ref _messagesSent);

    /// <summary>WebSocket messages sent (data frames, heartbeats and replies).</summary>
    public long FramesSent => Volatile.Read(ref _framesSent);

    /// <summary>Heartbeat messages sent.</summary>
    public long HeartbeatsSent => Volatile.Read(ref _heartbeatsSent);

    /// <summary>Payload bytes sent.</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);

    /// <summary>Subscribed tokens that are not among the simulated instruments (they get no data).</summary>
    public long UnknownTokens => Volatile.Read(ref _unknownTokens);

    /// <summary>Sends that did not complete at once because the transport was full: the client reads slower than the simulator writes.</summary>
    public long SendsWaited => Volatile.Read(ref _sendsWaited);

    /// <summary>True while a send is waiting for the client to take data (backpressure); the simulator buffers nothing beyond it.</summary>
    public bool IsWaitingOnClient => _waitingOnClient;

    /// <summary>True once the "go silent" fault has triggered.</summary>
    public bool IsSilent => _silent;

    /// <summary>Why the connection ended (client closed, dropped by fault, server stopped, error), or null while open.</summary>
    public string? EndReason => _endReason;

    /// <summary>Completes when the connection has closed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// The messages the client sent, in order, each added once handled (or refused): a message seen here has changed
    /// <see cref="Subscriptions"/> and queued its replies.
    /// </summary>
    public IReadOnlyList<SimulatedClientMessage> ClientMessages
    {
        get
        {
            lock (_clientMessages)
            {
                return [.. _clientMessages];
            }
        }
    }

    /// <summary>
    /// Every event a correct client decodes from what was sent so far, in wire order, excluding receive time and
    /// sequence (zero) and session id (zero). Events whose wire form has no exchange time carry
    /// <see cref="EventFlags.ExchangeTimeFromReceive"/> and ExchangeTimeNs 0. Empty unless
    /// <see cref="SimulatorOptions.CaptureSentEvents"/> is set.
    /// </summary>
    public MarketEvent[] GetSentEvents() => _sentEvents.ToArray();

    /// <summary>
    /// The events <see cref="GetSentEvents"/> returns, streamed: with <see cref="SimulatorOptions.SentEventsDirectory"/>
    /// read from this connection's file a chunk at a time, so a long run is checked in bounded memory.
    /// </summary>
    public IEnumerable<MarketEvent> ReadSentEvents() => _sentEvents.Read();

    /// <summary>Events captured so far (see <see cref="GetSentEvents"/>).</summary>
    public long SentEventCount => _sentEvents.Count;

    /// <summary>Credentials the client sent in messages rather than the URL (Kotak's session token); never logged.</summary>
    public IReadOnlyList<string> MessageTokens => _messageTokens;

    /// <summary>True when the connection was ended because its access token expired (<see cref="SimulatorServer.ExpireToken"/>).</summary>
    public bool EndedByTokenExpiry => _tokenExpiry is not null;

    /// <summary>
    /// Ends the session because its access token expired: the send loop stops and the socket closes with 1008 (policy
    /// violation) and <paramref name="reason"/>, as the broker drops a session whose token it no longer accepts.
    /// </summary>
    internal void ExpireToken(string reason)
    {
        _tokenExpiry ??= reason;
        EndForPolicy(reason);
    }

    /// <summary>Runs the connection until the client leaves, a fault drops it, or <paramref name="stopping"/> fires.</summary>
    internal async Task RunAsync(WebSocket socket, Action abortTransport, CancellationToken stopping)
    {
        try
        {
            await RunCoreAsync(socket, abortTransport, stopping).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _endReason ??= "error: " + exception.GetBaseException().Message;
        }
        finally
        {
            _sentEvents.Dispose();
            _completion.TrySetResult();
        }
    }
}
