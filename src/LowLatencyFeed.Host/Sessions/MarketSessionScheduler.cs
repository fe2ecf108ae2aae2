using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Logins;
using LowLatencyFeed.Brokers.Sessions;
using LowLatencyFeed.Brokers.Tokens;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Host.Tokens;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Sessions;

/// <summary>
/// Starts and stops the feeds with their exchanges' sessions (Brokers/README.md §12): a feed connects
/// <c>Sessions:ConnectLeadMinutes</c> before the pre-open — after logging in when its stored token would not last the
/// session — and disconnects <c>Sessions:DisconnectLagMinutes</c> after the close; crypto feeds stay connected. It
/// acts on the transitions only, so an operator's start or stop in between holds until the next one. Waits run on an
/// injectable <see cref="TimeProvider"/>, so tests move time through weekends and holidays without waiting.
/// </summary>
public sealed class MarketSessionScheduler : IAsyncDisposable
{
    private readonly MarketCalendar _calendar;
    private readonly FeedEngine _engine;
    private readonly TokenRotationService _tokens;
    private readonly IBrokerLogin _login;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lead;
    private readonly TimeSpan _lag;
    private readonly TimeSpan _kiteLead;
    private readonly Dictionary<IFeedRunner, IReadOnlyList<string>> _exchanges = [];
    private readonly Dictionary<IFeedRunner, FeedSessionState> _states = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _evaluations;
    private long _nextWakeTicks;

    /// <summary>Follows <paramref name="calendar"/> for every feed of <paramref name="engine"/>.</summary>
    public MarketSessionScheduler(FeedHostOptions options, MarketCalendar calendar, FeedEngine engine, TokenRotationService tokens, IBrokerLogin login, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        _calendar = calendar;
        _engine = engine;
        _tokens = tokens;
        _login = login;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _lead = TimeSpan.FromMinutes(options.Sessions.ConnectLeadMinutes);
        _lag = TimeSpan.FromMinutes(options.Sessions.DisconnectLagMinutes);
        _kiteLead = TimeSpan.FromMinutes(options.Sessions.KiteLoginLeadMinutes);
        DateTimeOffset now = _time.GetUtcNow();
        foreach (IFeedRunner feed in engine.Feeds)
        {
            FeedOptions? configured = ConfiguredFeed(options, feed.Name);
            IReadOnlyList<string> exchanges = configured is null ? ["NSE"] : FeedExchanges.Of(configured);
            _exchanges[feed] = exchanges;
            _states[feed] = FeedSessionState.At(_calendar, exchanges, now, _lead, _lag);
        }
    }

    /// <summary>The calendar the scheduler follows (its holiday-year warnings go to <c>/health</c> and the metrics).</summary>
    public MarketCalendar Calendar => _calendar;

    /// <summary>Asks a person for the day's Kite login ahead of the session; null: Kite feeds only log a warning.</summary>
    public KiteLoginPrompt? KitePrompt { get; init; }

    /// <summary>A login the scheduler disposes with itself (the host's own <see cref="UnattendedLogin"/>).</summary>
    public IDisposable? OwnedLogin { get; init; }

    /// <summary>Times the scheduler looked at the calendar (once at start, then at each transition it waited for).</summary>
    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <summary>When the scheduler looks at the calendar next (UTC).</summary>
    public DateTimeOffset NextWake => new(Interlocked.Read(ref _nextWakeTicks), TimeSpan.Zero);

    /// <summary>Whether <paramref name="feed"/> stays disconnected at the engine's start (its market is closed).</summary>
    public bool HoldsAtStart(IFeedRunner feed)
    {
        lock (_gate)
        {
            return _states.TryGetValue(feed, out FeedSessionState? state) && !state.Open;
        }
    }

    /// <summary>The session state of the feed named <paramref name="name"/>, or null for a feed the scheduler does not know.</summary>
    public FeedSessionState? StateOf(string name)
    {
        lock (_gate)
        {
            foreach (var (feed, state) in _states)
            {
                if (string.Equals(feed.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return state;
                }
            }
        }

        return null;
    }

    /// <summary>Logs in for the feeds whose session is open now; call before the engine starts them.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (IFeedRunner feed in _engine.Feeds)
        {
            FeedSessionState state;
            lock (_gate)
            {
                state = _states[feed];
            }

            if (state.Open)
            {
                await EnsureTokenAsync(feed, state, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts following the calendar.</summary>
    public void Start()
    {
        foreach (IFeedRunner feed in _engine.Feeds)
        {
            _logger.LogInformation("Feed {Feed} follows {Exchanges}: {State}", feed.Name, string.Join(", ", _exchanges[feed]), StateOf(feed.Name)!.Description);
        }

        _loop = RunAsync(_stop.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        OwnedLogin?.Dispose();
        if (KitePrompt is not null)
        {
            await KitePrompt.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool ValidAt(BrokerKind broker, DateTimeOffset instant) =>
        _tokens.Tokens.TryGetValue(broker, out BrokerToken? token) && (token.ExpiresAt is null || token.ExpiresAt > instant);

    private static FeedOptions? ConfiguredFeed(FeedHostOptions options, string runnerName)
    {
        // Split feeds run as "name#2", "name#3" …
        foreach (FeedOptions feed in options.Feeds)
        {
            if (runnerName == feed.Name || runnerName.StartsWith(feed.Name + "#", StringComparison.Ordinal))
            {
                return feed;
            }
        }

        return null;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset now = _time.GetUtcNow();
            DateTimeOffset next = DateTimeOffset.MaxValue;
            foreach (IFeedRunner feed in _engine.Feeds)
            {
                FeedSessionState state = FeedSessionState.At(_calendar, _exchanges[feed], now, _lead, _lag);
                FeedSessionState before;
                lock (_gate)
                {
                    before = _states[feed];
                    _states[feed] = state;
                }

                if (state.Open && !before.Open)
                {
                    await EnsureTokenAsync(feed, state, cancellationToken).ConfigureAwait(false);
                    bool started = _engine.StartFeed(feed);
                    _logger.LogInformation("Feed {Feed}: session opening, {Action}; {State}", feed.Name, started ? "connecting" : "already running", state.Description);
                }
                else if (!state.Open && before.Open)
                {
                    bool stopped = await _engine.StopFeedAsync(feed).ConfigureAwait(false);
                    _logger.LogInformation("Feed {Feed}: session over, {Action}; {State}", feed.Name, stopped ? "disconnected" : "was not running", state.Description);
                }

                if (state.NextChange < next)
                {
                    next = state.NextChange;
                }

                if (!state.Open && KitePrompt is not null && feed is SessionFeedRunner { StoredTokenBroker: BrokerKind.Kite })
                {
                    // Kite's token needs a person: ask ahead of the connect when the stored one will not be valid then.
                    DateTimeOffset promptAt = state.NextChange - _kiteLead;
                    if (now < promptAt)
                    {
                        next = promptAt < next ? promptAt : next;
                    }
                    else if (!ValidAt(BrokerKind.Kite, state.NextChange))
                    {
                        await KitePrompt.PromptAsync($"for feed '{feed.Name}' before its session ({state.Description})", cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            // A timer cannot wait longer than about 49 days; the loop simply looks again after 30.
            TimeSpan wait = next == DateTimeOffset.MaxValue ? TimeSpan.FromDays(30) : next - now;
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromDays(30) ? TimeSpan.FromDays(30) : wait;
            Interlocked.Exchange(ref _nextWakeTicks, (now + wait).UtcTicks);
            Interlocked.Increment(ref _evaluations);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Logs in first when the feed's stored token is missing or expires before the session's window ends; a login that
    /// fails is logged (the feed still connects with what the store holds, and a refused handshake shows in /health).
    /// </summary>
    private async Task EnsureTokenAsync(IFeedRunner feed, FeedSessionState state, CancellationToken cancellationToken)
    {
        if (feed is not SessionFeedRunner { StoredTokenBroker: { } broker } runner)
        {
            return;
        }

        BrokerToken? current = _tokens.Tokens.TryGetValue(broker, out BrokerToken? known) ? known : null;
        if (current is not null && (current.ExpiresAt is null || current.ExpiresAt >= state.NextChange))
        {
            return;
        }

        try
        {
            BrokerToken? fresh = await _login.LoginAsync(broker, current, cancellationToken).ConfigureAwait(false);
            if (fresh is null && broker == BrokerKind.Kite && KitePrompt is not null)
            {
                await KitePrompt.PromptAsync($"for feed '{feed.Name}' now ({state.Description})", cancellationToken).ConfigureAwait(false);
                return;
            }

            if (fresh is null)
            {
                _logger.LogWarning("Feed {Feed}: the stored {Broker} token {Problem} and {Broker} cannot log in unattended: run `llfeed login {Verb}`", feed.Name, broker, current is null ? "is missing" : "expires before the session ends", broker, broker.ToString().ToLowerInvariant());
                return;
            }

            await _tokens.StoreLoginAsync(fresh).ConfigureAwait(false);
            runner.RebuildOnNextRun();
            _logger.LogInformation("Feed {Feed}: logged in to {Broker} before the session ({Token})", feed.Name, broker, fresh);
        }
        catch (Exception exception) when (exception is LoginException or HttpRequestException or TokenStoreException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError("Feed {Feed}: the {Broker} login before the session failed: {Error}; connecting with the stored token", feed.Name, broker, exception.Message);
        }
    }
}
