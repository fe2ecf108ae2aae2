using System.Net;
using System.Net.Sockets;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

/// <summary><c>llfeed login kite|dhan|kotak</c> against the simulator's login routes over real HTTP on loopback.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LoginCommandTests : IAsyncLifetime
{
    private readonly int _dhanRedirectPort = FreePort();
    private readonly SimulatedBrokerRest _rest;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "llfeed-login-" + Guid.NewGuid().ToString("N"));
    private SimulatorServer _simulator = null!;

    public LoginCommandTests() =>
        _rest = new() { ExtraRows = 0, Accounts = new SimulatedAccounts { DhanRedirectUrl = $"http://127.0.0.1:{_dhanRedirectPort}/dhan/redirect" } };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        _simulator = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [_rest] }, NullLoggerFactory.Instance, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Kite_prints_the_login_url_takes_the_redirect_exchanges_and_stores_the_token()
    {
        int port = FreePort();
        string config = WriteConfig($$"""
            "KiteApiKey": "sim-api-key", "KiteApiSecret": "sim-api-secret", "KiteRestUrl": "{{Root}}rest/kite/",
            "KiteLoginUrl": "{{Root}}", "KiteRedirectPort": {{port}}, "KiteRedirectPath": "kite/redirect"
            """);
        var output = new SynchronizedWriter();
        Task<int> login = Run(["login", "kite", "--config", config], output);
        await WaitUntil(() => output.Text.Contains("Waiting for the redirect", StringComparison.Ordinal) || login.IsCompleted);
        Assert.Contains($"{Root}connect/login?v=3&api_key=sim-api-key", output.Text);

        // The browser's redirect after the account holder logged in.
        using var browser = new HttpClient();
        using HttpResponseMessage page = await browser.GetAsync(new Uri($"http://127.0.0.1:{port}/kite/redirect/?action=login&type=login&status=success&request_token=rt-1"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(0, await login.WaitAsync(TimeSpan.FromSeconds(60)));

        BrokerToken token = new TokenStore(_data).Read(BrokerKind.Kite)!;
        Assert.StartsWith("kite-access-", token.AccessToken, StringComparison.Ordinal);
        Assert.Equal(BrokerToken.KiteExpiry(token.IssuedAt), token.ExpiresAt);
        Assert.DoesNotContain(token.AccessToken, output.Text, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data, "tokens.json")));
    }

    [Fact]
    public async Task Kite_with_the_wrong_secret_says_so_and_stores_nothing()
    {
        int port = FreePort();
        string config = WriteConfig($$"""
            "KiteApiKey": "sim-api-key", "KiteApiSecret": "not-the-secret", "KiteRestUrl": "{{Root}}rest/kite/",
            "KiteLoginUrl": "{{Root}}", "KiteRedirectPort": {{port}}
            """);
        var output = new SynchronizedWriter();
        Task<int> login = Run(["login", "kite", "--config", config], output);
        await WaitUntil(() => output.Text.Contains("Waiting for the redirect", StringComparison.Ordinal) || login.IsCompleted);
        using var browser = new HttpClient();
        using var _ = await browser.GetAsync(new Uri($"http://127.0.0.1:{port}/kite/redirect/?status=success&request_token=rt-2"));
        Assert.Equal(1, await login.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Kite login (token exchange) refused", output.Text);
        Assert.Null(new TokenStore(_data).Read(BrokerKind.Kite));
    }

    [Fact]
    public async Task Dhan_and_Kotak_log_in_unattended_and_keep_each_others_tokens()
    {
        string config = WriteConfig($$"""
            "DhanAuthUrl": "{{Root}}rest/dhan-auth/", "DhanClientId": "1000000001", "DhanPin": "123456", "DhanTotpSecret": "${LLFEED_TEST_TOTP}",
            "KotakLoginUrl": "{{Root}}rest/kotak/", "KotakAppToken": "sim-app-token", "KotakMobileNumber": "+919999999999",
            "KotakUcc": "SIMUCC", "KotakTotpSecret": "${LLFEED_TEST_TOTP}", "KotakMpin": "654321"
            """, secrets: """{ "LLFEED_TEST_TOTP": "JBSWY3DPEHPK3PXP" }""");
        var output = new SynchronizedWriter();
        Assert.Equal(0, await Run(["login", "dhan", "--config", config], output));
        Assert.Equal(0, await Run(["login", "kotak", "--config", config], output));
        var tokens = new TokenStore(_data).ReadAll();
        Assert.StartsWith("dhan-jwt-", tokens[BrokerKind.Dhan].AccessToken, StringComparison.Ordinal);
        Assert.NotNull(tokens[BrokerKind.Dhan].ExpiresAt);
        Assert.StartsWith("kotak-session-", tokens[BrokerKind.Kotak].AccessToken, StringComparison.Ordinal);
        Assert.StartsWith("session-sid-", tokens[BrokerKind.Kotak].SessionId, StringComparison.Ordinal);
        Assert.Contains("Dhan token issued", output.Text);
        Assert.Contains("Kotak token issued", output.Text);
    }

    [Fact]
    public async Task A_wrong_pin_or_mpin_names_the_broker_and_exits_1()
    {
        string config = WriteConfig($$"""
            "DhanAuthUrl": "{{Root}}rest/dhan-auth/", "DhanClientId": "1000000001", "DhanPin": "000000", "DhanTotpSecret": "JBSWY3DPEHPK3PXP",
            "KotakLoginUrl": "{{Root}}rest/kotak/", "KotakAppToken": "sim-app-token", "KotakMobileNumber": "+919999999999",
            "KotakUcc": "SIMUCC", "KotakTotpSecret": "JBSWY3DPEHPK3PXP", "KotakMpin": "111111"
            """);
        var output = new SynchronizedWriter();
        Assert.Equal(1, await Run(["login", "dhan", "--config", config], output));
        Assert.Contains("Dhan login (generateAccessToken) refused", output.Text);
        Assert.Equal(1, await Run(["login", "kotak", "--config", config], output));
        Assert.Contains("Kotak login (tradeApiValidate) refused", output.Text);
        Assert.Empty(new TokenStore(_data).ReadAll());
    }

    [Fact]
    public async Task Dhan_consent_prints_the_consent_page_takes_the_tokenId_redirect_and_stores_the_token()
    {
        string config = WriteConfig($$"""
            "DhanAuthUrl": "{{Root}}rest/dhan-auth/", "DhanClientId": "1000000001", "DhanApiKey": "sim-dhan-key", "DhanApiSecret": "${LLFEED_TEST_DHAN_SECRET}",
            "DhanRedirectPort": {{_dhanRedirectPort}}, "DhanRedirectPath": "dhan/redirect"
            """, secrets: """{ "LLFEED_TEST_DHAN_SECRET": "sim-dhan-secret" }""");
        var output = new SynchronizedWriter();
        Task<int> login = Run(["login", "dhan", "--consent", "--config", config], output);
        await WaitUntil(() => output.Text.Contains("Waiting for the redirect", StringComparison.Ordinal) || login.IsCompleted);
        string page = output.Text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(Root + "rest/dhan-auth/login/consentApp-login?consentAppId=", StringComparison.Ordinal));

        // The account holder logs in on Dhan's page, which redirects the browser to the loopback listener with ?tokenId=.
        using var browser = new HttpClient();
        using HttpResponseMessage landed = await browser.GetAsync(new Uri(page));
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal(0, await login.WaitAsync(TimeSpan.FromSeconds(60)));

        BrokerToken token = new TokenStore(_data).Read(BrokerKind.Dhan)!;
        Assert.StartsWith("dhan-consent-", token.AccessToken, StringComparison.Ordinal);
        Assert.InRange(token.ExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24.1));
        Assert.DoesNotContain(token.AccessToken, output.Text, StringComparison.Ordinal);

        // The consent was used up by its tokenId: opening the page again is refused.
        using HttpResponseMessage again = await browser.GetAsync(new Uri(page));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Dhan_consent_with_the_wrong_api_secret_names_the_step_and_stores_nothing()
    {
        string config = WriteConfig($$"""
            "DhanAuthUrl": "{{Root}}rest/dhan-auth/", "DhanClientId": "1000000001", "DhanApiKey": "sim-dhan-key", "DhanApiSecret": "wrong",
            "DhanRedirectPort": {{FreePort()}}
            """);
        var output = new SynchronizedWriter();
        Assert.Equal(1, await Run(["login", "dhan", "--consent", "--config", config], output));
        Assert.Contains("Dhan login (generate-consent) refused: HTTP 401 DH-901", output.Text);
        Assert.Null(new TokenStore(_data).Read(BrokerKind.Dhan));
    }

    [Fact]
    public async Task Dhan_renews_an_active_token_once_and_refuses_an_expired_or_used_one()
    {
        string config = WriteConfig($$"""
            "DhanAuthUrl": "{{Root}}rest/dhan-auth/", "DhanApiUrl": "{{Root}}rest/dhan/", "DhanClientId": "1000000001", "DhanPin": "123456", "DhanTotpSecret": "JBSWY3DPEHPK3PXP"
            """);
        var output = new SynchronizedWriter();
        var store = new TokenStore(_data);
        Assert.Equal(1, await Run(["login", "dhan", "--renew", "--config", config], output));
        Assert.Contains("no Dhan token", output.Text);

        Assert.Equal(0, await Run(["login", "dhan", "--config", config], output));
        BrokerToken generated = store.Read(BrokerKind.Dhan)!;
        Assert.Equal(0, await Run(["login", "dhan", "--renew", "--config", config], output));
        BrokerToken renewed = store.Read(BrokerKind.Dhan)!;
        Assert.StartsWith("dhan-renewed-", renewed.AccessToken, StringComparison.Ordinal);
        Assert.InRange(renewed.ExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24.1));

        // The renewed-away token is expired at Dhan: renewing it again is refused in Dhan's words.
        store.Write(generated);
        Assert.Equal(1, await Run(["login", "dhan", "--renew", "--config", config], output));
        Assert.Contains("Dhan login (RenewToken) refused: HTTP 401 DH-901", output.Text);
        Assert.Contains("regenerate the token", output.Text);

        // An expired token is not sent at all.
        store.Write(generated with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(1, await Run(["login", "dhan", "--renew", "--config", config], output));
        Assert.Contains("only an active token can be renewed", output.Text);
        await Assert.ThrowsAsync<CommandLineException>(() => Run(["login", "kite", "--renew", "--config", config], new SynchronizedWriter()));
        await Assert.ThrowsAsync<CommandLineException>(() => Run(["login", "dhan", "--renew", "--consent", "--config", config], new SynchronizedWriter()));
    }

    [Fact]
    public async Task The_hosts_login_before_a_session_renews_a_Dhan_token_when_no_PIN_is_configured()
    {
        var options = new Configuration.FeedHostOptions { DataDirectory = _data };
        options.Logins.DhanApiUrl = Root + "rest/dhan/";
        options.Logins.DhanClientId = "1000000001";
        options.Logins.DhanPin = "${LLFEED_TEST_NO_SUCH_PIN}";
        using var login = new Sessions.UnattendedLogin(options);
        var current = new BrokerToken(BrokerKind.Dhan, "dhan-consent-77", DateTimeOffset.UtcNow.AddHours(-20), DateTimeOffset.UtcNow.AddHours(4));
        BrokerToken renewed = (await login.LoginAsync(BrokerKind.Dhan, current, CancellationToken.None))!;
        Assert.StartsWith("dhan-renewed-", renewed.AccessToken, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<LowLatencyFeed.Brokers.Logins.LoginException>(() => login.LoginAsync(BrokerKind.Dhan, null, CancellationToken.None));
        Assert.Contains("llfeed login dhan --consent", error.Message, StringComparison.Ordinal);
        Assert.Null(await login.LoginAsync(BrokerKind.Kite, null, CancellationToken.None));
    }

    [Fact]
    public async Task Usage_errors_and_a_too_open_store_are_refused()
    {
        await Assert.ThrowsAsync<CommandLineException>(() => Run(["login", "--data-dir", _data], new SynchronizedWriter()));
        await Assert.ThrowsAsync<CommandLineException>(() => Run(["login", "zerodha", "--data-dir", _data], new SynchronizedWriter()));
        await Assert.ThrowsAsync<CommandLineException>(() => Run(["login", "dhan", "--bogus", "1", "--data-dir", _data], new SynchronizedWriter()));
        Assert.Equal(2, await Program.Main(["login", "nosuch", "--data-dir", _data]));

        string store = Path.Combine(_data, "tokens.json");
        await File.WriteAllTextAsync(store, "[]");
        File.SetUnixFileMode(store, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var output = new SynchronizedWriter();
        Assert.Equal(1, await Run(["login", "dhan", "--data-dir", _data], output));
        Assert.Contains("chmod 600", output.Text);
    }

    private string Root => _simulator.HttpBaseUri.ToString();

    private string WriteConfig(string logins, string? secrets = null)
    {
        string secretsLine = "";
        if (secrets is not null)
        {
            string secretsFile = Path.Combine(_data, "secrets.json");
            File.WriteAllText(secretsFile, secrets);
            secretsLine = $"\"SecretsFile\": \"{secretsFile}\",";
        }

        string path = Path.Combine(_data, "llfeed.json");
        File.WriteAllText(path, $$"""{ "DataDirectory": "{{_data}}", {{secretsLine}} "Logins": { {{logins}} } }""");
        return path;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 60 s");
            await Task.Delay(20);
        }
    }

    private static Task<int> Run(string[] args, TextWriter output) =>
        Task.Run(() => LoginCommand.RunAsync(CommandLine.Parse(args, new HashSet<string>(), new HashSet<string> { "consent", "renew" }), output, CancellationToken.None));

    /// <summary>Output written by the command's task and read by the test.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }
        }
    }
}
