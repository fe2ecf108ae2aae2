using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Sessions;
using LowLatencyFeed.Brokers.Tokens;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Host.Sessions;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using LowLatencyFeed.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using static LowLatencyFeed.Host.Tests.SimulatedFeedHosting;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// Market sessions drive the feeds: connect before the pre-open (logging in first), disconnect after the close, stay
/// closed over a weekend and a holiday, crypto around the clock. Time moves through a <see cref="ManualClock"/>.
/// </summary>
public sealed class MarketSessionTests
{
    private static readonly TimeSpan s_lead = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_lag = TimeSpan.FromMinutes(5);

    // Republic Day, Monday 26 January 2026: with the weekend before it, NSE is closed from Friday's close to Tuesday.
    private static readonly MarketCalendar s_calendar = new(new Dictionary<string, IReadOnlyCollection<DateOnly>>
    {
        ["NSE"] = [new DateOnly(2026, 1, 26)],
        ["MCX"] = [new DateOnly(2026, 1, 26)],
    });

    private static DateTimeOffset Ist(int day, int hour, int minute) => new(2026, 1, day, hour, minute, 0, MarketCalendar.Ist);

    [Fact]
    public void An_NSE_feed_is_open_from_the_lead_before_the_pre_open_to_the_lag_after_the_close()
    {
        FeedSessionState before = FeedSessionState.At(s_calendar, ["NSE"], Ist(22, 8, 49), s_lead, s_lag);
        Assert.False(before.Open);
        Assert.Equal(Ist(22, 8, 50), before.NextChange);
        Assert.Equal("closed until 09:00 IST Thursday 2026-01-22 (NSE pre-open; connects 08:50)", before.Description);

        FeedSessionState open = FeedSessionState.At(s_calendar, ["NSE"], Ist(22, 8, 50), s_lead, s_lag);
        Assert.True(open.Open);
        Assert.Equal(Ist(22, 15, 35), open.NextChange);
        Assert.Equal("open until 15:30 IST (NSE close; disconnects 15:35)", open.Description);

        // Between the close and the lag the feed still runs (closing messages, last ticks).
        Assert.True(FeedSessionState.At(s_calendar, ["NSE"], Ist(22, 15, 34), s_lead, s_lag).Open);
    }

    [Fact]
    public void Over_a_weekend_and_a_holiday_an_NSE_feed_stays_closed_until_Tuesday()
    {
        foreach (DateTimeOffset now in new[] { Ist(23, 15, 35), Ist(24, 12, 0), Ist(25, 23, 59), Ist(26, 9, 30), Ist(27, 8, 49) })
        {
            FeedSessionState state = FeedSessionState.At(s_calendar, ["NSE"], now, s_lead, s_lag);
            Assert.False(state.Open);
            Assert.Equal(Ist(27, 8, 50), state.NextChange);
            Assert.Equal("closed until 09:00 IST Tuesday 2026-01-27 (NSE pre-open; connects 08:50)", state.Description);
        }
    }

    [Fact]
    public void A_feed_of_two_exchanges_is_open_while_either_is_and_crypto_never_closes()
    {
        // Friday 16:00: NSE closed, MCX (09:00–23:55 in January, the US on standard time) open.
        FeedSessionState both = FeedSessionState.At(s_calendar, ["NSE", "MCX"], Ist(23, 16, 0), s_lead, s_lag);
        Assert.True(both.Open);
        Assert.Equal(Ist(24, 0, 0), both.NextChange);
        Assert.Equal("open until 23:55 IST (MCX close; disconnects 00:00)", both.Description);

        // MCX has no pre-open: the next window starts 10 minutes before its 09:00 open, on Tuesday.
        FeedSessionState mcx = FeedSessionState.At(s_calendar, ["MCX"], Ist(24, 0, 0), s_lead, s_lag);
        Assert.False(mcx.Open);
        Assert.Equal("closed until 09:00 IST Tuesday 2026-01-27 (MCX open; connects 08:50)", mcx.Description);

        FeedSessionState crypto = FeedSessionState.At(s_calendar, ["BINANCE"], Ist(24, 3, 0), s_lead, s_lag);
        Assert.True(crypto.Open);
        Assert.Equal(DateTimeOffset.MaxValue, crypto.NextChange);
    }

    [Fact]
    public void Feed_exchanges_come_from_the_config_or_the_instruments_and_an_unknown_one_is_refused()
    {
        Assert.Equal(["NFO", "MCX"], FeedExchanges.Of(new FeedOptions { Name = "d", Protocol = "dhan", Instruments = [new() { Segment = "NSE_FNO" }, new() { Segment = "MCX_COMM" }] }));
        Assert.Equal(["BSE"], FeedExchanges.Of(new FeedOptions { Name = "k", Protocol = "kotak", Instruments = [new() { Symbol = "bse_cm|500325" }] }));
        Assert.Equal(["NSE"], FeedExchanges.Of(new FeedOptions { Name = "z", Protocol = "kite", Instruments = [new() { Token = 408065 }] }));
        Assert.Equal(["BINANCE"], FeedExchanges.Of(new FeedOptions { Name = "b", Protocol = "binance" }));
        Assert.Equal(["MCX", "NSE"], FeedExchanges.Of(new FeedOptions { Name = "x", Protocol = "kite", Exchange = "mcx, NSE" }));
        var error = Assert.Throws<ConfigurationException>(() => FeedExchanges.Of(new FeedOptions { Name = "x", Protocol = "kite", Exchange = "LSE" }));
        Assert.Contains("Feeds:x:Exchange: 'LSE' is not an exchange", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_connects_and_disconnects_with_the_sessions_logs_in_first_and_stays_closed_over_a_weekend_and_a_holiday()
    {
        string data = NewDataDirectory("llfeed-sessions-");
        string holidays = Path.Combine(data, "holidays.json");
        await File.WriteAllTextAsync(holidays, """{ "NSE": [ { "date": "2026-01-26", "name": "Republic Day" } ], "MCX": [ { "date": "2026-01-26", "name": "Republic Day" } ] }""");
        var store = new TokenStore(data);
        store.Write(new BrokerToken(BrokerKind.Kite, "kite-1", Ist(23, 6, 0), Ist(31, 6, 0)));
        store.Write(new BrokerToken(BrokerKind.Dhan, "dhan-expired", Ist(19, 8, 0), Ist(20, 8, 0)));
        var rest = new SimulatedBrokerRest { ExtraRows = 0 };
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { MessagesPerSecond = 200, HttpEndpoints = [rest] }, NullLoggerFactory.Instance, CancellationToken.None);
        string root = simulator.HttpBaseUri.ToString();
        FeedHostOptions options = HostOptions(
            data,
            Feed(simulator, "kite", "/kite", "?api_key=sim-api-key&access_token=${LLFEED_TOKEN_KITE}"),
            Feed(simulator, "dhan", "/dhan", "?version=2&token=${LLFEED_TOKEN_DHAN}&clientId=1000000001&authType=2", "MCX"));
        options.Sessions.Enabled = true;
        options.Sessions.HolidaysFile = holidays;
        options.Logins.DhanAuthUrl = root + "rest/dhan-auth/";
        options.Logins.DhanClientId = "1000000001";
        options.Logins.DhanPin = "123456";
        options.Logins.DhanTotpSecret = new SimulatedAccounts().TotpSecret;
        var clock = new ManualClock(Ist(23, 15, 0));
        try
        {
            await using FeedHost host = await StartHostAsync(options, clock);
            MarketSessionScheduler sessions = host.SessionScheduler!;
            IFeedRunner kite = host.Engine.FindFeed("kite")!, dhan = host.Engine.FindFeed("dhan")!;

            // Friday 15:00 IST: both markets open; Dhan's stored token had expired, so the host logged in first.
            await WaitUntil(() => kite.IsConnected && dhan.IsConnected, "both feeds connected on Friday afternoon");
            Assert.StartsWith("dhan-jwt-", store.Read(BrokerKind.Dhan)!.AccessToken, StringComparison.Ordinal);
            Assert.Contains("token=dhan-jwt-", Connections(simulator, "/dhan").Single().QueryString, StringComparison.Ordinal);
            await WaitUntil(() => sessions.Evaluations >= 1 && clock.PendingTimers == 1, "the scheduler's first look");
            Assert.Equal(Ist(23, 15, 35), sessions.NextWake);

            // 15:35: NSE's window ends; MCX runs until 23:55.
            clock.AdvanceTo(Ist(23, 15, 35));
            await WaitUntil(() => !host.Engine.IsRunning(kite) && sessions.Evaluations >= 2 && clock.PendingTimers == 1, "the Kite feed stopped after the NSE close");
            Assert.True(dhan.IsConnected);
            using var http = new HttpClient();
            using (JsonDocument feeds = JsonDocument.Parse(await http.GetStringAsync(new Uri(host.ApiAddress + "/api/feeds"))))
            {
                JsonElement kiteView = feeds.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "kite");
                Assert.Equal("stopped", kiteView.GetProperty("state").GetString());
                Assert.Equal("closed until 09:00 IST Tuesday 2026-01-27 (NSE pre-open; connects 08:50)", kiteView.GetProperty("session").GetString());
            }

            using (JsonDocument health = JsonDocument.Parse(await http.GetStringAsync(new Uri(host.Address + "/health"))))
            {
                Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
                JsonElement kiteHealth = health.RootElement.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "kite");
                Assert.StartsWith("closed until 09:00 IST Tuesday", kiteHealth.GetProperty("session").GetString(), StringComparison.Ordinal);
            }

            // Saturday 00:00 IST: MCX's window ends too. Nothing is due until Tuesday — not on Monday, a holiday: the
            // next look is the Kite login check an hour before the 08:50 connect.
            clock.AdvanceTo(Ist(24, 0, 0));
            await WaitUntil(() => !host.Engine.IsRunning(dhan) && sessions.Evaluations >= 3 && clock.PendingTimers == 1, "the Dhan feed stopped after the MCX close");
            Assert.Equal(Ist(27, 7, 50), sessions.NextWake);
            clock.AdvanceTo(Ist(26, 9, 30));
            Assert.False(host.Engine.IsRunning(kite));
            Assert.False(host.Engine.IsRunning(dhan));
            Assert.Equal(3, sessions.Evaluations);
            Assert.Single(Connections(simulator, "/kite"));
            Assert.Single(Connections(simulator, "/dhan"));

            // Tuesday 08:50: both connect again, with the stored tokens (still valid: no second login).
            string dhanToken = store.Read(BrokerKind.Dhan)!.AccessToken;
            clock.AdvanceTo(Ist(27, 8, 50));
            await WaitUntil(() => kite.IsConnected && dhan.IsConnected, "both feeds connected on Tuesday morning");
            Assert.Equal(2, Connections(simulator, "/kite").Length);
            Assert.Equal(2, Connections(simulator, "/dhan").Length);
            Assert.Equal(dhanToken, store.Read(BrokerKind.Dhan)!.AccessToken);
            Assert.Equal("open until 15:30 IST (NSE close; disconnects 15:35)", sessions.StateOf("kite")!.Description);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Kite_is_asked_for_its_login_ahead_of_the_session_and_one_click_connects_the_feed_with_the_new_token()
    {
        string data = NewDataDirectory("llfeed-kite-prompt-");
        string holidays = Path.Combine(data, "holidays.json");
        await File.WriteAllTextAsync(holidays, """{ "NSE": [ { "date": "2026-01-26", "name": "Republic Day" } ] }""");
        var store = new TokenStore(data);
        store.Write(new BrokerToken(BrokerKind.Kite, "kite-friday", Ist(23, 8, 0), BrokerToken.KiteExpiry(Ist(23, 8, 0))));
        int redirectPort = FreePort();
        int hookPort = FreePort();
        using var hook = new System.Net.HttpListener();
        hook.Prefixes.Add($"http://127.0.0.1:{hookPort}/hook/");
        hook.Start();
        Task<string> notice = ReceiveOneAsync(hook);
        var rest = new SimulatedBrokerRest { ExtraRows = 0, Accounts = new SimulatedAccounts { KiteRedirectUrl = $"http://127.0.0.1:{redirectPort}/kite/redirect" } };
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { MessagesPerSecond = 200, HttpEndpoints = [rest] }, NullLoggerFactory.Instance, CancellationToken.None);
        string root = simulator.HttpBaseUri.ToString();
        FeedHostOptions options = HostOptions(data, Feed(simulator, "kite", "/kite", "?api_key=sim-api-key&access_token=${LLFEED_TOKEN_KITE}", "NSE"));
        options.Sessions.Enabled = true;
        options.Sessions.HolidaysFile = holidays;
        options.Logins.KiteApiKey = "sim-api-key";
        options.Logins.KiteApiSecret = "sim-api-secret";
        options.Logins.KiteRestUrl = root + "rest/kite/";
        options.Logins.KiteLoginUrl = root;
        options.Logins.KiteRedirectPort = redirectPort;
        options.Logins.KiteLoginWebhookUrl = $"http://127.0.0.1:{hookPort}/hook/";
        var clock = new ManualClock(Ist(23, 16, 0));
        try
        {
            await using FeedHost host = await StartHostAsync(options, clock);
            MarketSessionScheduler sessions = host.SessionScheduler!;
            IFeedRunner kite = host.Engine.FindFeed("kite")!;
            await WaitUntil(() => sessions.Evaluations >= 1 && clock.PendingTimers == 1, "the scheduler's first look");
            Assert.False(host.Engine.IsRunning(kite));

            // Friday's token expires Saturday 06:00 IST: the prompt is due an hour before Tuesday's 08:50 connect.
            Assert.Equal(Ist(27, 7, 50), sessions.NextWake);
            Assert.False(sessions.KitePrompt!.IsPending);
            clock.AdvanceTo(Ist(27, 7, 50));
            await WaitUntil(() => sessions.KitePrompt.IsPending && sessions.Evaluations >= 2 && clock.PendingTimers == 1, "the Kite login prompt");
            Assert.Equal(Ist(27, 8, 50), sessions.NextWake);
            string loginUrl = root + "connect/login?v=3&api_key=sim-api-key";

            using var http = new HttpClient();
            string health = await http.GetStringAsync(new Uri(host.Address + "/health"));
            Assert.Contains("Kite needs a login for feed 'kite' before its session", health, StringComparison.Ordinal);
            Assert.Contains(loginUrl, health, StringComparison.Ordinal);
            Assert.Contains("llfeed_kite_login_pending 1", await http.GetStringAsync(new Uri(host.Address + "/metrics")), StringComparison.Ordinal);
            using (JsonDocument body = JsonDocument.Parse(await notice.WaitAsync(Deadline)))
            {
                Assert.Equal("kite", body.RootElement.GetProperty("broker").GetString());
                Assert.Equal(loginUrl, body.RootElement.GetProperty("loginUrl").GetString());
                Assert.Equal($"http://127.0.0.1:{redirectPort}/kite/redirect/", body.RootElement.GetProperty("redirectListener").GetString());
            }

            // The one click: the login page redirects the browser to the host's listener, which exchanges the token.
            using HttpResponseMessage landed = await http.GetAsync(new Uri(loginUrl));
            Assert.Equal(System.Net.HttpStatusCode.OK, landed.StatusCode);
            await WaitUntil(() => !sessions.KitePrompt.IsPending, "the prompt answered");
            string fresh = store.Read(BrokerKind.Kite)!.AccessToken;
            Assert.StartsWith("kite-access-", fresh, StringComparison.Ordinal);
            Assert.Equal(1, sessions.KitePrompt.Completed);
            Assert.DoesNotContain("Kite needs a login", await http.GetStringAsync(new Uri(host.Address + "/health")), StringComparison.Ordinal);
            Assert.Empty(Connections(simulator, "/kite"));

            // 08:50: the feed connects with the token from the click.
            clock.AdvanceTo(Ist(27, 8, 50));
            await WaitUntil(() => kite.IsConnected, "the Kite feed connected on Tuesday");
            SimulatorConnection connection = Assert.Single(Connections(simulator, "/kite"));
            Assert.Contains("access_token=" + fresh, connection.QueryString, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_holiday_file_that_does_not_parse_stops_the_start_naming_the_entry()
    {
        string data = NewDataDirectory("llfeed-sessions-bad-");
        string holidays = Path.Combine(data, "holidays.json");
        await File.WriteAllTextAsync(holidays, """{ "NSE": [ { "date": "26-01-2026" } ] }""");
        FeedHostOptions options = HostOptions(data, new FeedOptions { Name = "kite", Protocol = "kite", Url = "ws://127.0.0.1:1/", Instruments = [new() { Token = 408065, PriceDecimals = 2 }] });
        options.Sessions.Enabled = true;
        options.Sessions.HolidaysFile = holidays;
        try
        {
            var error = await Assert.ThrowsAsync<HolidayFileException>(() => StartHostAsync(options));
            Assert.Contains("NSE[0]: field 'date' must be a YYYY-MM-DD string", error.Message, StringComparison.Ordinal);
            Assert.Contains(holidays, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> ReceiveOneAsync(System.Net.HttpListener listener)
    {
        System.Net.HttpListenerContext context = await listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream);
        string body = await reader.ReadToEndAsync();
        context.Response.StatusCode = 204;
        context.Response.Close();
        return body;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
