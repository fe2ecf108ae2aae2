using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Transport;

namespace LowLatencyFeed.Host.Engine;

/// <summary>A <see cref="FeedSession"/> publishing into the ingress ring through its own <see cref="RingPublisher"/>.</summary>
public sealed class SessionFeedRunner : IFeedRunner
{
    private readonly IAsyncDisposable? _companion;
    private readonly Func<IReadOnlyList<Subscription>, FeedSession>? _recreate;
    private FeedSession _session;
    private int _runs;
    private int _rebuild;

    /// <summary>
    /// Wraps <paramref name="session"/>; <paramref name="companion"/> (e.g. a snapshot fetcher) is disposed when the
    /// session ends. <paramref name="recreate"/> builds a fresh session for the current subscriptions (sharing the parse counters) so the feed can be
    /// started again after a stop; without it the runner runs once.
    /// </summary>
    public SessionFeedRunner(string name, FeedSession session, IAsyncDisposable? companion = null, Func<IReadOnlyList<Subscription>, FeedSession>? recreate = null)
    {
        Name = name;
        _session = session;
        _companion = companion;
        _recreate = recreate;
    }

    /// <summary>The broker this feed connects to (null for runners built without one).</summary>
    public LowLatencyFeed.Brokers.Instruments.BrokerKind? Broker { get; init; }

    /// <summary>
    /// The broker whose stored session token this feed connects with (a <c>${LLFEED_TOKEN_…}</c> placeholder), or null:
    /// a rotated token of that broker restarts this feed and no other (Host/Tokens).
    /// </summary>
    public LowLatencyFeed.Brokers.Instruments.BrokerKind? StoredTokenBroker { get; init; }

    /// <summary>Whether the feed can run again after it stopped.</summary>
    public bool CanRestart => _recreate is not null;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public FeedDiagnostics Diagnostics => _session.Protocol.Diagnostics;

    /// <inheritdoc />
    public long Reconnects => _session.Statistics.Reconnects;

    /// <inheritdoc />
    public bool IsConnected => _session.Statistics.State == FeedSessionState.Streaming;

    /// <inheritdoc />
    public PublisherStatistics Publisher { get; } = new();

    /// <summary>The session (statistics for tests and status).</summary>
    public FeedSession Session => _session;

    /// <summary>
    /// Builds the session again at the next run even when it is the first (its URL and credentials are read from the
    /// token store when a session is built: a login before the first run must reach it). Needs a restartable runner.
    /// </summary>
    public void RebuildOnNextRun()
    {
        if (_recreate is not null)
        {
            Volatile.Write(ref _rebuild, 1);
        }
    }

    /// <inheritdoc />
    public async Task RunAsync(RingBuffer<MarketEvent> ring, BackpressurePolicy policy, CancellationToken cancellationToken)
    {
        // A FeedSession runs once: a restart gets a fresh one, and so does a first run after a new token was stored.
        if ((Interlocked.Increment(ref _runs) > 1) | (Interlocked.Exchange(ref _rebuild, 0) == 1))
        {
            _session = _recreate?.Invoke(_session.Subscriptions) ?? throw new InvalidOperationException($"Feed '{Name}' cannot be started again.");
        }

        try
        {
            await _session.RunAsync(new RingPublisher(ring, policy, Publisher), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_companion is not null)
            {
                await _companion.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
