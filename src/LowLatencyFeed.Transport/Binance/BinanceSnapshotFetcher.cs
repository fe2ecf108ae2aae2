using LowLatencyFeed.Protocols.Binance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Binance;

/// <summary>
/// The transport half of the Binance local order book: fetches REST snapshots on thread-pool threads when a
/// <see cref="BinanceProtocol"/> asks (<see cref="IBinanceSnapshotRequester"/>), retrying with back-off, and hands each
/// one back through its <see cref="BinanceSnapshotHandoff"/> — a single volatile slot the session's reader loop
/// consumes at its next message. No lock is shared with the reader; diffs keep being buffered meanwhile.
/// </summary>
public sealed class BinanceSnapshotFetcher : IBinanceSnapshotRequester, IAsyncDisposable
{
    private readonly BinanceDepthSnapshotClient _client;
    private readonly BinanceSnapshotFetcherOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _pendingLock = new();
    private readonly HashSet<Task> _pending = [];
    private long _fetches;
    private long _failures;
    private int _disposed;

    /// <summary>Creates a fetcher using <paramref name="client"/> (not disposed by the fetcher).</summary>
    public BinanceSnapshotFetcher(BinanceDepthSnapshotClient client, BinanceSnapshotFetcherOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new BinanceSnapshotFetcherOptions();
        _logger = logger ?? NullLogger.Instance;
        if (_options.Limit is <= 0 or > BinanceStreamLimits.MaxSnapshotLimit)
        {
            ThrowHelper.ThrowSnapshotLimit(nameof(options), _options.Limit, "Limit", BinanceStreamLimits.MaxSnapshotLimit, "");
        }
    }

    /// <summary>Snapshots fetched and handed over.</summary>
    public long Fetches => Volatile.Read(ref _fetches);

    /// <summary>Failed attempts (HTTP errors, bad bodies, timeouts), each retried.</summary>
    public long Failures => Volatile.Read(ref _failures);

    /// <summary>Creates the fetcher and attaches it to <paramref name="protocol"/>.</summary>
    public static BinanceSnapshotFetcher AttachTo(BinanceProtocol protocol, BinanceDepthSnapshotClient client, BinanceSnapshotFetcherOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var fetcher = new BinanceSnapshotFetcher(client, options, logger);
        protocol.AttachSnapshotRequester(fetcher);
        return fetcher;
    }

    /// <inheritdoc />
    public void RequestSnapshot(BinanceSnapshotHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        if (Volatile.Read(ref _disposed) != 0)
        {
            handoff.Abandon();
            return;
        }

        // Called on the reader thread: leave it at once, the fetch runs on the thread pool.
        Task task = Task.Run(() => FetchAsync(handoff, _stopping.Token));
        lock (_pendingLock)
        {
            _pending.Add(task);
        }

        task.ContinueWith(
            static (finished, state) =>
            {
                var self = (BinanceSnapshotFetcher)state!;
                lock (self._pendingLock)
                {
                    self._pending.Remove(finished);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Cancels outstanding fetches (their handoffs are abandoned) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] pending;
        lock (_pendingLock)
        {
            pending = [.. _pending];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task FetchAsync(BinanceSnapshotHandoff handoff, CancellationToken cancellationToken)
    {
        int limit = Math.Min(_options.Limit, handoff.Snapshot.Capacity);

        // A repeated request means the last snapshot was older than the stream: give the REST side time to move on.
        TimeSpan delay = handoff.Attempt > 1 ? Backoff(handoff.Attempt - 1) : TimeSpan.Zero;
        int failures = 0;
        while (true)
        {
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }

                await _client.FetchAsync(handoff.Symbol, limit, handoff.Snapshot, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _fetches);
                _logger.LogDebug("Binance snapshot {Symbol} fetched: lastUpdateId {Id}, {Bids} bids, {Asks} asks", handoff.Symbol, handoff.Snapshot.LastUpdateId, handoff.Snapshot.BidCount, handoff.Snapshot.AskCount);
                handoff.Complete();
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                handoff.Abandon();
                return;
            }
            catch (Exception exception)
            {
                failures++;
                Interlocked.Increment(ref _failures);
                delay = Backoff(failures);
                if (exception is BinanceSnapshotException { RetryAfter: TimeSpan retryAfter } && retryAfter > delay)
                {
                    delay = retryAfter;
                }

                _logger.LogWarning(exception, "Binance snapshot {Symbol} failed (attempt {Attempt}); retrying in {Delay}", handoff.Symbol, failures, delay);
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        double ticks = _options.RetryDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(ticks, _options.MaxRetryDelay.Ticks));
    }
}
