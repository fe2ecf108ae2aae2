using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Logins;
using LowLatencyFeed.Brokers.Tokens;
using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Sessions;

/// <summary>
/// The logins the host runs by itself before a session (Brokers/README.md §7, §12): Dhan PIN + TOTP (method B), or
/// without them the renewal of a still-active Dhan token; Kotak TOTP + MPIN; with the <c>Logins</c> section's
/// credentials. Kite needs a person in a browser: null here (the host
/// notifies instead). The TOTP is computed on the wall clock, whatever clock drives the sessions.
/// </summary>
public sealed class UnattendedLogin : IBrokerLogin, IDisposable
{
    private readonly LoginOptions _logins;
    private readonly SecretResolver _secrets;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(1) };

    /// <summary>Logs in with <paramref name="options"/>' <c>Logins</c> section and secrets file.</summary>
    public UnattendedLogin(FeedHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logins = options.Logins;
        _secrets = new SecretResolver(options.SecretsFile);
    }

    /// <inheritdoc />
    public async Task<BrokerToken?> LoginAsync(BrokerKind broker, BrokerToken? current, CancellationToken cancellationToken)
    {
        switch (broker)
        {
            case BrokerKind.Dhan:
                // PIN + TOTP when configured (Dhan's advice for a host); otherwise renew a still-active token (one
                // from the consent flow or Dhan Web).
                if (TrySecret(_logins.DhanPin) is { } pin && TrySecret(_logins.DhanTotpSecret) is { } totp)
                {
                    return await DhanLogin.GenerateAsync(_http, _logins.DhanAuthUrl, Secret(broker, _logins.DhanClientId), pin, totp, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                }

                if (current is not null)
                {
                    return await DhanLogin.RenewAsync(_http, _logins.DhanApiUrl, Secret(broker, _logins.DhanClientId), current, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                }

                throw new LoginException("Dhan login before the session: no PIN and TOTP secret configured (Logins:DhanPin, DhanTotpSecret) and no stored token to renew: run `llfeed login dhan --consent`");
            case BrokerKind.Kotak:
                var (token, _) = await KotakLogin.LoginAsync(_http, _logins.KotakLoginUrl, Secret(broker, _logins.KotakAppToken), Secret(broker, _logins.KotakMobileNumber), Secret(broker, _logins.KotakUcc), Secret(broker, _logins.KotakTotpSecret), Secret(broker, _logins.KotakMpin), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                return token;
            default:
                return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private string? TrySecret(string text)
    {
        try
        {
            return _secrets.Resolve(text, escapeForUrl: false);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private string Secret(BrokerKind broker, string text)
    {
        try
        {
            return _secrets.Resolve(text, escapeForUrl: false);
        }
        catch (InvalidOperationException exception)
        {
            throw new LoginException($"{broker} login before the session: {exception.Message} (Logins section)");
        }
    }
}
