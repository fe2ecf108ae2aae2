using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Logins;
using LowLatencyFeed.Brokers.Tokens;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed login kite|dhan|kotak</c>: obtains the broker's session token and stores it in the data directory's token
/// store (Brokers/README.md §6–§7), where a running host picks it up and reconnects that broker's feeds. Kite needs the
/// account holder in a browser once (the login URL is printed and a loopback listener waits for the redirect); Dhan and
/// Kotak log in unattended from the stored client id, PIN/MPIN and TOTP secret.
/// </summary>
public static class LoginCommand
{
    /// <summary>Exit 0 when a token was stored, 1 when the broker refused or the redirect never came, 2 for usage errors.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        string? config = line.GetString("config");
        string? dataDirectory = line.GetString("data-dir");
        bool consent = line.GetSwitch("consent");
        bool renew = line.GetSwitch("renew");
        line.RejectUnknownOptions();
        if (line.Positionals.Count != 1)
        {
            throw new CommandLineException("login needs exactly one broker: kite, dhan or kotak");
        }

        BrokerKind broker = line.Positionals[0].ToLowerInvariant() switch
        {
            "kite" => BrokerKind.Kite,
            "dhan" => BrokerKind.Dhan,
            "kotak" => BrokerKind.Kotak,
            _ => throw new CommandLineException($"login: '{line.Positionals[0]}' is not one of kite, dhan, kotak"),
        };
        if ((consent || renew) && broker != BrokerKind.Dhan)
        {
            throw new CommandLineException("login: --consent and --renew are for dhan only");
        }

        if (consent && renew)
        {
            throw new CommandLineException("login dhan: choose one of --consent and --renew");
        }

        FeedHostOptions options = config is null ? new FeedHostOptions() : ConfigurationLoader.Load(config, requireFeeds: false);
        if (dataDirectory is not null)
        {
            options.DataDirectory = dataDirectory;
        }

        time ??= TimeProvider.System;
        var secrets = new SecretResolver(options.SecretsFile);
        LoginOptions logins = options.Logins;
        string Secret(string text)
        {
            try
            {
                return secrets.Resolve(text, escapeForUrl: false);
            }
            catch (InvalidOperationException exception)
            {
                throw new ConfigurationException($"{broker} login: {exception.Message}");
            }
        }

        var store = new TokenStore(options.DataDirectory);
        BrokerToken? stored;
        try
        {
            stored = store.ReadAll().GetValueOrDefault(broker); // refuse a store that is too open before asking anyone to log in
        }
        catch (TokenStoreException exception)
        {
            output.WriteLine($"{broker} login: {exception.Message}");
            return 1;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        BrokerToken token;
        try
        {
            token = broker switch
            {
                BrokerKind.Kite => await KiteAsync(logins, Secret, http, output, time, cancellationToken).ConfigureAwait(false),
                BrokerKind.Dhan when consent => await DhanConsentAsync(logins, Secret, http, output, time, cancellationToken).ConfigureAwait(false),
                BrokerKind.Dhan when renew => stored is null
                    ? throw new LoginException($"Dhan login (RenewToken): no Dhan token in {store.Path} to renew: run `llfeed login dhan` (PIN + TOTP) or `llfeed login dhan --consent`")
                    : await DhanLogin.RenewAsync(http, logins.DhanApiUrl, Secret(logins.DhanClientId), stored, time, cancellationToken).ConfigureAwait(false),
                BrokerKind.Dhan => await DhanLogin.GenerateAsync(http, logins.DhanAuthUrl, Secret(logins.DhanClientId), Secret(logins.DhanPin), Secret(logins.DhanTotpSecret), time, cancellationToken).ConfigureAwait(false),
                _ => (await KotakLogin.LoginAsync(http, logins.KotakLoginUrl, Secret(logins.KotakAppToken), Secret(logins.KotakMobileNumber), Secret(logins.KotakUcc), Secret(logins.KotakTotpSecret), Secret(logins.KotakMpin), time, cancellationToken).ConfigureAwait(false)).Token,
            };
        }
        catch (LoginException exception)
        {
            output.WriteLine(exception.Message);
            return 1;
        }
        catch (System.Net.HttpListenerException exception)
        {
            output.WriteLine(broker == BrokerKind.Kite
                ? $"{broker} login: cannot listen for the redirect on 127.0.0.1:{logins.KiteRedirectPort} ({exception.Message}); set Logins:KiteRedirectPort"
                : $"{broker} login: cannot listen for the redirect on 127.0.0.1:{logins.DhanRedirectPort} ({exception.Message}); set Logins:DhanRedirectPort");
            return 1;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            output.WriteLine($"{broker} login: the browser's redirect did not arrive within {logins.KiteRedirectTimeoutMinutes} minutes; run `llfeed login {broker.ToString().ToLowerInvariant()}{(consent ? " --consent" : "")}` again");
            return 1;
        }

        store.Write(token);
        output.WriteLine($"{token} stored in {store.Path}");
        return 0;
    }

    /// <summary>
    /// Dhan's API-key consent flow: generate a consent, print the page for the account holder, receive the
    /// <c>tokenId</c> on the loopback listener (the key's registered Redirect URL), consume it for the token.
    /// </summary>
    private static async Task<BrokerToken> DhanConsentAsync(LoginOptions logins, Func<string, string> secret, HttpClient http, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        string apiKey = secret(logins.DhanApiKey);
        string apiSecret = secret(logins.DhanApiSecret);
        string clientId = secret(logins.DhanClientId);
        using var listener = new LoopbackRedirectListener(logins.DhanRedirectPort, logins.DhanRedirectPath, "tokenId");
        string consentAppId = await DhanLogin.GenerateConsentAsync(http, logins.DhanAuthUrl, clientId, apiKey, apiSecret, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Open this URL in a browser and log in to Dhan:{Environment.NewLine}  {DhanLogin.ConsentLoginUrl(logins.DhanAuthUrl, consentAppId)}");
        output.WriteLine($"Waiting for the redirect on {listener.Prefix} (the API key's registered Redirect URL) …");
        output.Flush();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(logins.KiteRedirectTimeoutMinutes));
        string tokenId = await listener.WaitAsync(timeout.Token).ConfigureAwait(false);
        return await DhanLogin.ConsumeConsentAsync(http, logins.DhanAuthUrl, apiKey, apiSecret, tokenId, time, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<BrokerToken> KiteAsync(LoginOptions logins, Func<string, string> secret, HttpClient http, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        string apiKey = secret(logins.KiteApiKey);
        string apiSecret = secret(logins.KiteApiSecret);
        using var listener = new LoopbackRedirectListener(logins.KiteRedirectPort, logins.KiteRedirectPath, "request_token");
        output.WriteLine($"Open this URL in a browser and log in to Kite:{Environment.NewLine}  {KiteLogin.LoginUrl(apiKey, logins.KiteLoginUrl)}");
        output.WriteLine($"Waiting for the redirect on {listener.Prefix} (the Kite app's registered redirect URL) …");
        output.Flush();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(logins.KiteRedirectTimeoutMinutes));
        string requestToken = await listener.WaitAsync(timeout.Token).ConfigureAwait(false);
        return await KiteLogin.ExchangeAsync(http, logins.KiteRestUrl, apiKey, apiSecret, requestToken, time, cancellationToken).ConfigureAwait(false);
    }
}
