using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Logins;
using LowLatencyFeed.Simulator.Rest;

namespace LowLatencyFeed.Brokers.Tests;

/// <summary>Each broker's login against the simulator's REST side over real HTTP, and the refusals in words.</summary>
public sealed class LoginTests
{
    [Fact]
    public void Totp_matches_rfc_6238_and_the_simulators_independent_implementation()
    {
        // RFC 6238 appendix B, SHA-1 secret "12345678901234567890" (base32 below) at T = 59 s: 94287082, 6 digits 287082.
        const string rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        Assert.Equal("287082", TotpCode.At(rfcSecret, DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal(SimulatedTotp.Code(rfcSecret, 1_111_111_109), TotpCode.At(rfcSecret, DateTimeOffset.FromUnixTimeSeconds(1_111_111_109)));
        Assert.Equal("081804", TotpCode.At(rfcSecret, DateTimeOffset.FromUnixTimeSeconds(1_111_111_109))); // 07081804
    }

    [Fact]
    public void Kite_checksum_is_sha256_of_key_token_secret()
    {
        // echo -n "abcdefghijklmnopqrstuvwxyz" | sha256sum
        Assert.Equal("71c480df93d6ae2f1efad1447c66c9525e316218cf51fc8d9ed832f2daf18b73", KiteLogin.Checksum("abcdefgh", "ijklmnopqr", "stuvwxyz"));
        Assert.Equal("https://kite.zerodha.com/connect/login?v=3&api_key=k%20y", KiteLogin.LoginUrl("k y"));
    }

    [Fact]
    public async Task Kite_login_receives_the_request_token_on_loopback_and_exchanges_it()
    {
        await using var brokers = await SimulatedBrokers.StartAsync(extraRows: 0);
        string root = brokers.Server.HttpBaseUri + "rest/kite/";
        int port = FreePort();
        using var listener = new LoopbackRedirectListener(port, "kite/callback", "request_token");
        Task<string> waiting = listener.WaitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        // The browser's redirect after the person logged in.
        using (var browser = await brokers.Http.GetAsync($"{listener.Prefix}?request_token=rt-1&action=login&status=success"))
        {
            Assert.True(browser.IsSuccessStatusCode);
        }

        string requestToken = await waiting;
        Assert.Equal("rt-1", requestToken);
        var token = await KiteLogin.ExchangeAsync(brokers.Http, root, "sim-api-key", "sim-api-secret", requestToken, TimeProvider.System, CancellationToken.None);
        Assert.Equal(BrokerKind.Kite, token.Broker);
        Assert.StartsWith("kite-access-", token.AccessToken);
        Assert.Equal(BrokerTokenExpiry(token.IssuedAt), token.ExpiresAt);

        var wrong = await Assert.ThrowsAsync<LoginException>(() => KiteLogin.ExchangeAsync(brokers.Http, root, "sim-api-key", "wrong-secret", "rt-2", TimeProvider.System, CancellationToken.None));
        Assert.Contains("Kite login (token exchange) refused: HTTP 403 TokenException", wrong.Message);
        Assert.Contains("API secret does not belong to this API key", wrong.Message);
        Assert.DoesNotContain("wrong-secret", wrong.Message);
    }

    [Fact]
    public async Task Dhan_and_kotak_log_in_unattended_from_pin_mpin_and_totp()
    {
        await using var brokers = await SimulatedBrokers.StartAsync(extraRows: 0);
        string root = brokers.Server.HttpBaseUri.ToString();
        var accounts = new SimulatedAccounts();

        var dhan = await DhanLogin.GenerateAsync(brokers.Http, root + "rest/dhan-auth/", accounts.DhanClientId, accounts.DhanPin, accounts.TotpSecret, TimeProvider.System, CancellationToken.None);
        Assert.StartsWith("dhan-jwt-", dhan.AccessToken);
        Assert.InRange(dhan.ExpiresAt!.Value - dhan.IssuedAt, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1)); // IST local → UTC

        var wrongPin = await Assert.ThrowsAsync<LoginException>(() => DhanLogin.GenerateAsync(brokers.Http, root + "rest/dhan-auth/", accounts.DhanClientId, "000000", accounts.TotpSecret, TimeProvider.System, CancellationToken.None));
        Assert.Contains("DH-905", wrongPin.Message);
        Assert.Contains("PIN or TOTP was refused", wrongPin.Message);

        var (kotak, baseUrl) = await KotakLogin.LoginAsync(brokers.Http, root + "rest/kotak/", accounts.KotakAppToken, "+910000000000", accounts.KotakUcc, accounts.TotpSecret, accounts.KotakMpin, TimeProvider.System, CancellationToken.None);
        Assert.StartsWith("kotak-session-", kotak.AccessToken);
        Assert.StartsWith("session-sid-", kotak.SessionId);
        Assert.EndsWith("/rest/kotak", baseUrl);

        var wrongMpin = await Assert.ThrowsAsync<LoginException>(() => KotakLogin.LoginAsync(brokers.Http, root + "rest/kotak/", accounts.KotakAppToken, "+910000000000", accounts.KotakUcc, accounts.TotpSecret, "111111", TimeProvider.System, CancellationToken.None));
        Assert.Contains("tradeApiValidate", wrongMpin.Message);
        Assert.Contains("Invalid MPIN", wrongMpin.Message);

        var wrongSecret = await Assert.ThrowsAsync<LoginException>(() => KotakLogin.LoginAsync(brokers.Http, root + "rest/kotak/", accounts.KotakAppToken, "+910000000000", accounts.KotakUcc, "AAAAAAAAAAAAAAAA", accounts.KotakMpin, TimeProvider.System, CancellationToken.None));
        Assert.Contains("Invalid TOTP", wrongSecret.Message);
    }

    private static DateTimeOffset BrokerTokenExpiry(DateTimeOffset issued) => LowLatencyFeed.Brokers.Tokens.BrokerToken.KiteExpiry(issued);

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
