using System.IO.Pipelines;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport;

/// <summary>
/// One broker WebSocket connection kept alive for the life of <see cref="RunAsync{TSink}"/>: connect, send the
/// subscriptions, receive each message straight into a <see cref="Pipe"/>, decode it with the protocol into the sink,
/// and on any failure (error, server close, silence past <see cref="FeedSessionOptions.StaleTimeout"/>) reconnect with
/// exponential backoff and full jitter and subscribe again.
/// </summary>
/// <remarks>
/// Every event — market data and the <see cref="ControlCode.Connected"/>, <see cref="ControlCode.Subscribed"/>,
/// <see cref="ControlCode.StaleFeed"/> and <see cref="ControlCode.Disconnected"/> lifecycle events — is published
/// from the single decode loop, strictly in order, so the sink may be a single-producer ring publisher. The first
/// market event after a reconnect carries <see cref="EventFlags.AfterGap"/>. In steady state nothing is allocated per
/// message. <see cref="Statistics"/> may be read from any thread. A protocol that also implements
/// <see cref="IFeedReplySource"/> has its replies (e.g. acknowledgements) sent on the connection being decoded.
/// </remarks>
public sealed partial class FeedSession
{
    private readonly IFeedProtocol _protocol;
    private IReadOnlyList<Subscription> _subscriptions;
    private readonly FeedSessionOptions _options;
    private readonly ILogger _logger;
    private readonly MonotonicClock _clock;
    private readonly ExponentialBackoff _backoff;
    private readonly AfterGapSlot _gap = new();
    private long _lastFrameTimestamp;
    private int _staleFired;
    private long _staleSilenceNs;
    private int _started;
    private int _decodeFaultLogged;

    /// <summary>Creates a session; nothing happens until <see cref="RunAsync{TSink}"/>.</summary>
    /// <param name="protocol">The broker protocol; one instance per session (decoders keep per-connection state).</param>
    /// <param name="subscriptions">Instruments to (re)subscribe after every connect, via <see cref="IFeedProtocol.BuildSubscriptionMessages"/>.</param>
    /// <param name="options">Endpoint, timeouts, backoff and buffer sizes.</param>
    /// <param name="logger">Connect/disconnect/fault log; none when null.</param>
    /// <param name="clock">Receive timestamps; <see cref="MonotonicClock.Shared"/> when null.</param>
    public FeedSession(IFeedProtocol protocol, IReadOnlyList<Subscription> subscriptions, FeedSessionOptions options, ILogger? logger = null, MonotonicClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _protocol = protocol;
        _replySource = protocol as IFeedReplySource;
        _changer = protocol as ISubscriptionChangeProtocol;
        _subscriptions = subscriptions.ToArray();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _clock = clock ?? MonotonicClock.Shared;
        _backoff = new ExponentialBackoff(options.BackoffBase, options.BackoffMax, options.BackoffSeed is int seed ? new Random(seed) : new Random());
        Statistics = new FeedSessionStatistics(protocol.Diagnostics);
    }

    /// <summary>The options the session was created with.</summary>
    public FeedSessionOptions Options => _options;

    /// <summary>The protocol decoding this session's messages (its <see cref="IFeedProtocol.Diagnostics"/> hold the parse errors).</summary>
    public IFeedProtocol Protocol => _protocol;

    /// <summary>Live counters and state, readable from any thread.</summary>
    public FeedSessionStatistics Statistics { get; }

    /// <summary>
    /// Connects and streams into <paramref name="sink"/> until <paramref name="cancellationToken"/> is cancelled,
    /// reconnecting as often as needed. On cancellation the socket is closed (close handshake, aborted after
    /// <see cref="FeedSessionOptions.CloseTimeout"/>), a final <see cref="ControlCode.Disconnected"/> is published,
    /// every received message is decoded, and the task completes normally. Can be called once per session.
    /// </summary>
    /// <typeparam name="TSink">The sink type; a struct so the decode path is specialized and inlined for it.</typeparam>
    /// <param name="sink">Receives every event, only ever from the decode loop (never concurrently).</param>
    /// <param name="cancellationToken">Stops the session.</param>
    /// <returns>Completes after the socket is closed and the last event published; faults only if the sink threw.</returns>
    public async Task RunAsync<TSink>(TSink sink, CancellationToken cancellationToken)
        where TSink : struct, IEventSink
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            ThrowHelper.ThrowAlreadyRunning();
        }

        var pipe = new Pipe(CreatePipeOptions(_options));
        Volatile.Write(ref _decodeReader, pipe.Reader);
        Task decoding = DecodeLoopAsync(pipe.Reader, sink);
        try
        {
            await ConnectionLoopAsync(pipe.Writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            try
            {
                await decoding.ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _decodeReader, null);
                _controlWake?.Dispose();
                ApplyQueuedChangesOffline();
                Statistics.SetState(FeedSessionState.Stopped);
                FeedSessionLog.Stopped(_logger, _options.Name, Statistics.Messages, Statistics.Connects);
            }
        }
    }

    private static PipeOptions CreatePipeOptions(FeedSessionOptions options)
    {
        // Segments hold a few maximal reservations each, rounded to the pool's power-of-two buckets.
        int reservation = PipeRecord.HeaderSize + options.ReceiveBufferSize;
        int segment = (int)Math.Min(1 << 30, Math.Max(4096, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)reservation) * 4L));
        return new PipeOptions(
            pool: null,
            readerScheduler: options.InlineDecode ? PipeScheduler.Inline : PipeScheduler.ThreadPool,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: options.PipePauseThreshold,
            resumeWriterThreshold: options.PipePauseThreshold / 2,
            minimumSegmentSize: segment,
            useSynchronizationContext: false);
    }
}
