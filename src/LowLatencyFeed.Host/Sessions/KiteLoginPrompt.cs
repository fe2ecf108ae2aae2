using System.Net.Http.Json;
using LowLatencyFeed.Brokers.Logins;
using LowLatencyFeed.Brokers.Tokens;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Tokens;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Sessions;

/// <summary>
/// Kite's daily login made one click (Brokers/README.md §12): ahead of the session, when the stored Kite token will not
/// be valid at the connect, the running host starts the loopback redirect listener and tells the operator the login
/// URL — a warning log line, a <c>/health</c> warning, <c>llfeed_kite_login_pending</c> and, with
/// <c>Logins:KiteLoginWebhookUrl</c>, a JSON POST. The browser's redirect brings <c>request_token</c>, which is
/// exchanged and stored; the token store's watcher then applies it to the Kite feeds.
/// </summary>
public sealed class KiteLoginPrompt : IAsyncDisposable
{
    private readonly LoginOptions _logins;
    private readonly SecretResolver _secrets;
    private readonly TokenRotationService _tokens;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(1) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task _waiting = Task.CompletedTask;
    private string? _pending;
    private string? _lastError;
    private long _prompts;
    private long _completed;

    /// <summary>Prompts with <paramref name="options"/>' <c>Logins</c> section.</summary>
    public KiteLoginPrompt(FeedHostOptions options, TokenRotationService tokens, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logins = options.Logins;
        _secrets = new SecretResolver(options.SecretsFile);
        _tokens = tokens;
        _logger = logger;
    }

    /// <summary>Whether the listener waits for the browser's redirect now.</summary>
    public bool IsPending
    {
        get
        {
            lock (_gate)
            {
                return _pending is not null;
            }
        }
    }

    /// <summary>Prompts sent so far.</summary>
    public long Prompts => Interlocked.Read(ref _prompts);

    /// <summary>Kite logins completed through the prompt.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>The <c>/health</c> warning while a login is awaited (or the last one failed).</summary>
    public List<string> Warnings()
    {
        lock (_gate)
        {
            var warnings = new List<string>();
            if (_pending is not null)
            {
                warnings.Add(_pending);
            }

            if (_lastError is not null)
            {
                warnings.Add(_lastError);
            }

            return warnings;
        }
    }

    /// <summary>
    /// Starts the listener and notifies, unless a prompt is pending already. <paramref name="reason"/> says why (which
    /// feed, which session).
    /// </summary>
    public async Task PromptAsync(string reason, CancellationToken cancellationToken)
    {
        string apiKey;
        LoopbackRedirectListener listener;
        lock (_gate)
        {
            if (_pending is not null)
            {
                return;
            }

            try
            {
                apiKey = _secrets.Resolve(_logins.KiteApiKey, escapeForUrl: false);
                listener = new LoopbackRedirectListener(_logins.KiteRedirectPort, _logins.KiteRedirectPath, "request_token");
            }
            catch (Exception exception) when (exception is InvalidOperationException or System.Net.HttpListenerException)
            {
                _lastError = $"Kite needs a login ({reason}) but the host cannot wait for it: {exception.Message}; run `llfeed login kite`";
                _logger.LogError("{Warning}", _lastError);
                return;
            }

            string url = KiteLogin.LoginUrl(apiKey, _logins.KiteLoginUrl);
            _pending = $"Kite needs a login {reason}: open {url} and log in; the host waits for the redirect on {listener.Prefix}";
            Interlocked.Increment(ref _prompts);
            _logger.LogWarning("{Prompt}", _pending);
            _waiting = WaitAsync(listener, apiKey, _stop.Token);
        }

        if (_logins.KiteLoginWebhookUrl.Length > 0)
        {
            try
            {
                using HttpResponseMessage response = await _http.PostAsJsonAsync(
                    new Uri(_logins.KiteLoginWebhookUrl),
                    new KiteLoginNotice("kite", KiteLogin.LoginUrl(apiKey, _logins.KiteLoginUrl), reason, listener.Prefix),
                    KiteLoginNoticeContext.Default.KiteLoginNotice,
                    cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    _logger.LogWarning("Kite login webhook {Url} answered HTTP {Status}", UrlRedaction.Redact(_logins.KiteLoginWebhookUrl), (int)response.StatusCode);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or UriFormatException)
            {
                _logger.LogWarning("Kite login webhook {Url} failed: {Error}", UrlRedaction.Redact(_logins.KiteLoginWebhookUrl), exception.Message);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _waiting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _http.Dispose();
    }

    private async Task WaitAsync(LoopbackRedirectListener listener, string apiKey, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using (listener)
        {
            // A refused exchange (a stale request_token, a wrong secret) keeps the listener waiting for another click.
            while (!cancellationToken.IsCancellationRequested)
            {
                string requestToken = await listener.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    string secret = _secrets.Resolve(_logins.KiteApiSecret, escapeForUrl: false);
                    BrokerToken token = await KiteLogin.ExchangeAsync(_http, _logins.KiteRestUrl, apiKey, secret, requestToken, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                    await _tokens.StoreAsync(token).ConfigureAwait(false);
                    lock (_gate)
                    {
                        _pending = null;
                        _lastError = null;
                    }

                    Interlocked.Increment(ref _completed);
                    _logger.LogInformation("Kite login received through the prompt: {Token}", token);
                    return;
                }
                catch (Exception exception) when (exception is LoginException or InvalidOperationException or TokenStoreException or IOException)
                {
                    lock (_gate)
                    {
                        _lastError = $"Kite login through the prompt failed: {exception.Message}; the host still waits for the redirect";
                    }

                    _logger.LogError("{Error}", _lastError);
                }
            }
        }
    }
}

/// <summary>The webhook's JSON body.</summary>
/// <param name="Broker"><c>kite</c>.</param>
/// <param name="LoginUrl">The page to open.</param>
/// <param name="Reason">Which feed and session need it.</param>
/// <param name="RedirectListener">Where the host waits for the browser's redirect.</param>
public sealed record KiteLoginNotice(string Broker, string LoginUrl, string Reason, string RedirectListener);

/// <summary>Source-generated JSON for <see cref="KiteLoginNotice"/>.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(KiteLoginNotice))]
internal sealed partial class KiteLoginNoticeContext : System.Text.Json.Serialization.JsonSerializerContext;
