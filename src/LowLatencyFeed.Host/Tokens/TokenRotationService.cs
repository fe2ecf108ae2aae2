using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Tokens;

/// <summary>
/// Applies a rotated broker token to the running host (Brokers/README.md §6): watches the token store (a file watcher,
/// plus a periodic re-read in case an event is missed) and, when a broker's token changes, restarts only the feeds that
/// connect with that broker's stored token, so they reconnect with the new one; every other feed keeps its connection.
/// Runs on its own timer and the watcher's thread, never on the hot path. Also the expiry warnings for <c>/health</c>
/// and the seconds left for the metrics.
/// </summary>
public sealed class TokenRotationService : IAsyncDisposable
{
    private readonly TokenStore _store;
    private readonly FeedEngine _engine;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _warnAhead;
    private readonly TimeSpan _pollInterval;
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly long[] _rotations = new long[Enum.GetValues<BrokerKind>().Length];
    private readonly long[] _rejectionsOfEndedSessions = new long[Enum.GetValues<BrokerKind>().Length];
    private readonly Lock _gate = new();
    private readonly Dictionary<BrokerKind, BrokerToken> _storedByHost = [];
    private readonly long[] _relogins = new long[Enum.GetValues<BrokerKind>().Length];
    private readonly Dictionary<BrokerKind, string> _reloginTriedFor = [];
    private readonly Dictionary<string, object> _reloggedSessions = new(StringComparer.Ordinal);
    private Dictionary<BrokerKind, BrokerToken> _known = [];
    private string? _storeError;
    private IDisposable? _watch;
    private Task _poll = Task.CompletedTask;

    /// <summary>Creates the service for the host's data directory; <see cref="Start"/> begins watching.</summary>
    public TokenRotationService(FeedHostOptions options, FeedEngine engine, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = new TokenStore(options.DataDirectory);
        _engine = engine;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _warnAhead = TimeSpan.FromHours(options.Logins.ExpiryWarningHours);
        _pollInterval = TimeSpan.FromSeconds(Math.Max(0.05, options.Logins.TokenStorePollSeconds));
    }

    /// <summary>
    /// The unattended login (Dhan, Kotak) the service runs when a broker refuses a stored token mid-session (it expired or
    /// was revoked); null: refusals are only reported. Kite's login needs a person, so it returns null for Kite.
    /// </summary>
    public Sessions.IBrokerLogin? Login { get; set; }

    /// <summary>A login the service disposes with itself (the host's own <see cref="Sessions.UnattendedLogin"/>).</summary>
    public IDisposable? OwnedLogin { get; set; }

    /// <summary>New tokens obtained by <see cref="Login"/> after <paramref name="broker"/> refused the stored one.</summary>
    public long Relogins(BrokerKind broker) => Volatile.Read(ref _relogins[(int)broker]);

    /// <summary>Feed restarts caused by a rotated token of <paramref name="broker"/>.</summary>
    public long Rotations(BrokerKind broker) => Volatile.Read(ref _rotations[(int)broker]);

    /// <summary>
    /// Handshakes of <paramref name="broker"/>'s feeds that the broker refused with HTTP 401/403 (an expired or revoked
    /// token), since the host started.
    /// </summary>
    public long RejectedHandshakes(BrokerKind broker)
    {
        long total = Volatile.Read(ref _rejectionsOfEndedSessions[(int)broker]);
        foreach (IFeedRunner feed in _engine.Feeds)
        {
            if (feed is SessionFeedRunner { Broker: { } b } session && b == broker)
            {
                total += session.Session.Statistics.AuthRejections;
            }
        }

        return total;
    }

    /// <summary>The tokens last read from the store.</summary>
    public IReadOnlyDictionary<BrokerKind, BrokerToken> Tokens
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<BrokerKind, BrokerToken>(_known);
            }
        }
    }

    /// <summary>Seconds until <paramref name="broker"/>'s stored token expires (negative when expired); null when unknown or none.</summary>
    public double? SecondsToExpiry(BrokerKind broker)
    {
        lock (_gate)
        {
            return _known.TryGetValue(broker, out BrokerToken? token) && token.RemainingAt(_time.GetUtcNow()) is { } left ? left.TotalSeconds : null;
        }
    }

    /// <summary>Reads the store and starts watching it.</summary>
    public void Start()
    {
        Check(apply: false);
        string directory = Path.GetDirectoryName(_store.Path)!;
        Directory.CreateDirectory(directory);
        try
        {
            _watch = _store.Watch((_, _) => Check(apply: true));
        }
        catch (Exception exception) when (exception is IOException or TokenStoreException or ArgumentException)
        {
            // The periodic re-read still applies rotations.
            _logger.LogWarning("Cannot watch the token store {Path} ({Error}); re-reading it every {Seconds} s", _store.Path, exception.Message, _pollInterval.TotalSeconds);
        }

        _poll = PollAsync(_stop.Token);
    }

    /// <summary>
    /// Writes a token the host obtained itself (the login before a session) and takes it as known, so the watcher does
    /// not restart the feeds for it: the caller connects them.
    /// </summary>
    public async Task StoreLoginAsync(BrokerToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        await _applying.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                _storedByHost[token.Broker] = token;
            }

            _store.Write(token);
            lock (_gate)
            {
                _known = new Dictionary<BrokerKind, BrokerToken>(_known) { [token.Broker] = token };
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>
    /// Writes a token obtained in the running host for the feeds to take up like any rotation (running feeds of the
    /// broker reconnect with it; stopped ones build their next connection with it).
    /// </summary>
    public Task StoreAsync(BrokerToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        _store.Write(token);
        Check(apply: true);
        return Task.CompletedTask;
    }

    /// <summary>Expiry warnings (and a store that cannot be used) for <c>/health</c>; never a token value.</summary>
    public List<string> Warnings()
    {
        var warnings = new List<string>();
        DateTimeOffset now = _time.GetUtcNow();
        foreach (IFeedRunner feed in _engine.Feeds)
        {
            if (feed is SessionFeedRunner { Broker: { } broker } session && session.Session.Statistics.AuthRejections > 0 && !session.IsConnected)
            {
                warnings.Add($"{broker} refused the access token of feed '{feed.Name}' ({session.Session.Statistics.AuthRejections} refusal(s): a handshake answered HTTP 401/403, or Kotak's close 'Invalid session'; expired or revoked): run `llfeed login {broker.ToString().ToLowerInvariant()}`; the other feeds keep running");
            }
        }

        lock (_gate)
        {
            if (_storeError is not null)
            {
                warnings.Add(_storeError);
            }

            foreach (BrokerToken token in _known.Values)
            {
                if (token.RemainingAt(now) is { } left && left <= _warnAhead)
                {
                    warnings.Add(left <= TimeSpan.Zero
                        ? $"{token.Broker} token expired at {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC: run `llfeed login {token.Broker.ToString().ToLowerInvariant()}`"
                        : $"{token.Broker} token expires in {left.TotalHours:0.0} h (at {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC): run `llfeed login {token.Broker.ToString().ToLowerInvariant()}` before then");
                }
            }
        }

        return warnings;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _watch?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _poll.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        OwnedLogin?.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_pollInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Check(apply: true);
            await ReloginRefusedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A feed whose broker refused its stored token (expired mid-session, revoked) gets a fresh one from the unattended
    /// login, stored like any rotation so only that broker's feeds reconnect. One attempt per refused token, so a
    /// failing login is not repeated every tick; the refusal stays in <see cref="Warnings"/>.
    /// </summary>
    private async Task ReloginRefusedAsync(CancellationToken cancellationToken)
    {
        if (Login is null)
        {
            return;
        }

        foreach (IFeedRunner feed in _engine.Feeds)
        {
            if (feed is not SessionFeedRunner { StoredTokenBroker: { } broker } session || session.Session.Statistics.AuthRejections == 0 || session.IsConnected)
            {
                continue;
            }

            BrokerToken? current;
            lock (_gate)
            {
                // The session that was refused has already had its fresh token: it is restarted with it shortly (the
                // rotation runs apart from this loop), so its old refusals must not log in a second time.
                if (_reloggedSessions.TryGetValue(feed.Name, out object? relogged) && ReferenceEquals(relogged, session.Session))
                {
                    continue;
                }

                current = _known.TryGetValue(broker, out BrokerToken? known) ? known : null;
                string refused = current?.AccessToken ?? string.Empty;
                if (_reloginTriedFor.TryGetValue(broker, out string? tried) && tried == refused)
                {
                    continue;
                }

                _reloginTriedFor[broker] = refused;
            }

            try
            {
                BrokerToken? fresh = await Login.LoginAsync(broker, current, cancellationToken).ConfigureAwait(false);
                if (fresh is null)
                {
                    continue;
                }

                Interlocked.Increment(ref _relogins[(int)broker]);
                lock (_gate)
                {
                    _reloggedSessions[feed.Name] = session.Session;
                }

                _logger.LogInformation("{Broker} refused the stored token of feed {Feed} (expired or revoked): logged in again unattended ({Token})", broker, feed.Name, fresh);
                await StoreAsync(fresh).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is LowLatencyFeed.Brokers.Logins.LoginException or HttpRequestException or TokenStoreException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogError("{Broker} refused the stored token of feed {Feed} and the unattended login failed: {Error}", broker, feed.Name, exception.Message);
            }
        }
    }

    /// <summary>Re-reads the store; brokers whose token differs from the last read get their feeds restarted.</summary>
    private void Check(bool apply)
    {
        Dictionary<BrokerKind, BrokerToken> now;
        try
        {
            now = _store.ReadAll();
        }
        catch (TokenStoreException exception)
        {
            SetStoreError(exception.Message);
            return;
        }
        catch (IOException exception)
        {
            // Mid-rename: the next event or tick reads it.
            _logger.LogDebug("Token store {Path} not readable now: {Error}", _store.Path, exception.Message);
            return;
        }

        List<BrokerKind> changed = [];
        lock (_gate)
        {
            _storeError = null;
            foreach (var (broker, token) in now)
            {
                if (!_known.TryGetValue(broker, out BrokerToken? before) || before != token)
                {
                    changed.Add(broker);
                }
            }

            _known = now;
        }

        if (apply)
        {
            foreach (BrokerKind broker in changed)
            {
                _ = ApplyAsync(broker, now[broker]);
            }
        }
    }

    private void SetStoreError(string message)
    {
        lock (_gate)
        {
            if (_storeError == message)
            {
                return;
            }

            _storeError = message;
        }

        _logger.LogError("Token store refused: {Error}", message);
    }

    private async Task ApplyAsync(BrokerKind broker, BrokerToken token)
    {
        await _applying.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                if (_storedByHost.TryGetValue(broker, out BrokerToken? ours) && ours == token)
                {
                    // The host's own login before a session: the scheduler connects the feeds itself.
                    return;
                }
            }

            int restarted = 0;
            foreach (IFeedRunner feed in _engine.Feeds)
            {
                if (feed is not SessionFeedRunner { StoredTokenBroker: { } uses } session || uses != broker || !session.CanRestart)
                {
                    continue;
                }

                // Only a running feed reconnects; a feed an operator stopped stays stopped and takes the token on start.
                // The stopped session's refusals stay counted; the new session starts from zero.
                Interlocked.Add(ref _rejectionsOfEndedSessions[(int)broker], session.Session.Statistics.AuthRejections);
                if (await _engine.StopFeedAsync(feed).ConfigureAwait(false))
                {
                    if (_engine.StartFeed(feed))
                    {
                        restarted++;
                        Interlocked.Increment(ref _rotations[(int)broker]);
                    }
                }
                else
                {
                    // Not running (market closed, stopped by an operator): its next start connects with the new token.
                    session.RebuildOnNextRun();
                }
            }

            _logger.LogInformation("{Broker} token rotated: {Count} feed connection(s) reconnected with the new token", broker, restarted);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.LogError(exception, "{Broker} token rotated, but reconnecting its feeds failed", broker);
        }
        finally
        {
            _applying.Release();
        }
    }
}
