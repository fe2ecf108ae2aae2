using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;
using static LowLatencyFeed.Host.Tests.SimulatedFeedHosting;

namespace LowLatencyFeed.Host.Tests;

/// <summary>A token rotated in the token store while the host runs: only that broker's feed reconnects, with the new token.</summary>
public sealed class TokenRotationTests
{
    [Fact]
    public async Task A_rotated_Kite_token_reconnects_only_the_Kite_feed_and_loses_no_event_sent_after_the_new_connection()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await using ExpiryRig rig = await ExpiryRig.StartAsync(
            "llfeed-rotation-",
            [new BrokerToken(BrokerKind.Kite, "kite-old", now, now.AddHours(12)), new BrokerToken(BrokerKind.Dhan, "dhan-1", now, now.AddHours(24))],
            configure: (options, _) => options.Logins.ExpiryWarningHours = 2);
        FeedHost host = rig.Host;
        await WaitUntil(() => rig.Connections("/kite").Length == 1 && rig.Connections("/dhan").Length == 1
            && host.Engine.Feeds.All(f => f.IsConnected), "both feeds connected");
        Assert.Contains("access_token=kite-old", rig.Connections("/kite")[0].QueryString, StringComparison.Ordinal);
        Assert.Contains("token=dhan-1", rig.Connections("/dhan")[0].QueryString, StringComparison.Ordinal);
        IFeedRunner dhan = rig.FeedRunner("dhan");
        long dhanReconnects = dhan.Reconnects;
        Assert.Empty(host.Tokens.Warnings());

        // `llfeed login kite` (or another host) rewrites the store: a new token expiring within the warning window.
        rig.Store.Write(new BrokerToken(BrokerKind.Kite, "kite-new", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)));
        SimulatorConnection rotated = await rig.WaitConnectionAsync("/kite", c => c.QueryString.Contains("access_token=kite-new", StringComparison.Ordinal), "a Kite connection with the new token");

        // Every event the new connection sent reaches the journal: the journal's last Kite market events are exactly them.
        await rig.WaitJournalEndsWithAsync(rotated, FeedKind.Kite, "the new Kite connection's events in the journal");

        Assert.Equal(2, rig.Connections("/kite").Length);
        Assert.Single(rig.Connections("/dhan"));
        Assert.Equal(dhanReconnects, dhan.Reconnects);
        Assert.True(dhan.IsConnected);
        Assert.Equal(1, host.Tokens.Rotations(BrokerKind.Kite));
        Assert.Equal(0, host.Tokens.Rotations(BrokerKind.Dhan));
        Assert.Contains(host.Tokens.Warnings(), w => w.StartsWith("Kite token expires in", StringComparison.Ordinal));
        Assert.InRange(host.Tokens.SecondsToExpiry(BrokerKind.Kite)!.Value, 1, 3_600);

        using var http = new HttpClient();
        string metrics = await http.GetStringAsync(new Uri(host.Address + "/metrics"));
        Assert.Contains("llfeed_broker_token_seconds_to_expiry{broker=\"Kite\"}", metrics, StringComparison.Ordinal);
        string health = await http.GetStringAsync(new Uri(host.Address + "/health"));
        Assert.Contains("Kite token expires in", health, StringComparison.Ordinal);
        Assert.DoesNotContain("kite-new", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_token_names_the_broker_is_counted_and_the_other_feed_keeps_running()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await using ExpiryRig rig = await ExpiryRig.StartAsync(
            "llfeed-revoked-",
            [new BrokerToken(BrokerKind.Kite, "kite-1", now, now.AddHours(12)), new BrokerToken(BrokerKind.Dhan, "dhan-1", now, now.AddHours(24))],
            simulatorOptions: new SimulatorOptions { MessagesPerSecond = 200 });
        FeedHost host = rig.Host;
        await WaitUntil(() => host.Engine.Feeds.All(f => f.IsConnected), "both feeds connected");
        IFeedRunner dhan = rig.FeedRunner("dhan");
        long dhanEvents = dhan.Diagnostics.Events;

        // The broker revoked the token the store now holds (a stale copy from another machine, say).
        rig.Simulator.RevokeToken("kite-stale");
        rig.Store.Write(new BrokerToken(BrokerKind.Kite, "kite-stale", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(12)));

        await WaitUntil(() => host.Tokens.RejectedHandshakes(BrokerKind.Kite) >= 2 && rig.Simulator.RefusedHandshakes >= 2, "the revoked Kite token refused twice");
        Assert.Contains(host.Tokens.Warnings(), w => w.StartsWith("Kite refused the access token of feed 'kite'", StringComparison.Ordinal) && w.Contains("llfeed login kite", StringComparison.Ordinal));
        Assert.Equal(0, host.Tokens.RejectedHandshakes(BrokerKind.Dhan));
        Assert.False(rig.FeedRunner("kite").IsConnected);

        // Dhan streams on, on its first connection.
        await WaitUntil(() => dhan.Diagnostics.Events > dhanEvents + 100, "Dhan events after the Kite refusal");
        Assert.True(dhan.IsConnected);
        Assert.Single(rig.Connections("/dhan"));

        using var http = new HttpClient();
        string metrics = await http.GetStringAsync(new Uri(host.Address + "/metrics"));
        Assert.Matches("llfeed_broker_token_rejected_total\\{broker=\"Kite\"\\} [1-9]", metrics);
        Assert.DoesNotContain("kite-stale", await http.GetStringAsync(new Uri(host.Address + "/health")), StringComparison.Ordinal);

        // A fresh login clears it: the feed reconnects with the new token.
        rig.Store.Write(new BrokerToken(BrokerKind.Kite, "kite-2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(12)));
        await WaitUntil(() => rig.FeedRunner("kite").IsConnected, "Kite reconnected after a fresh login");
        Assert.DoesNotContain(host.Tokens.Warnings(), w => w.StartsWith("Kite refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Kite_token_expiring_mid_session_is_reported_and_a_new_stored_token_reconnects_only_the_Kite_feed_losing_no_event()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await using ExpiryRig rig = await ExpiryRig.StartAsync(
            "llfeed-expiry-",
            [new BrokerToken(BrokerKind.Kite, "kite-day-1", now, now.AddHours(12)), new BrokerToken(BrokerKind.Dhan, "dhan-1", now, now.AddHours(24))]);
        FeedHost host = rig.Host;
        IFeedRunner kite = rig.FeedRunner("kite");
        IFeedRunner dhan = rig.FeedRunner("dhan");
        await rig.WaitStreamingAsync("/kite");
        long dhanReconnects = dhan.Reconnects;

        // The broker's deadline passes mid-session: the simulator closes the Kite session and refuses the token from now on.
        await rig.ExpireTheOpenSessionAsync("/kite", "kite-day-1");

        // The feed reports it: a refused handshake counted and a health warning naming the broker and "expired".
        await WaitUntil(
            () => host.Tokens.RejectedHandshakes(BrokerKind.Kite) >= 1 && !kite.IsConnected
                && host.Tokens.Warnings().Exists(w => w.StartsWith("Kite refused the access token of feed 'kite'", StringComparison.Ordinal) && w.Contains("expired", StringComparison.Ordinal)),
            "the expired Kite token refused and reported");
        Assert.Equal(0, host.Tokens.RejectedHandshakes(BrokerKind.Dhan));
        using (var http = new HttpClient())
        {
            string health = await http.GetStringAsync(new Uri(host.Address + "/health"));
            Assert.Contains("Kite refused the access token", health, StringComparison.Ordinal);
            Assert.DoesNotContain("kite-day-1", health, StringComparison.Ordinal);
            Assert.Matches("llfeed_broker_token_rejected_total\\{broker=\"Kite\"\\} [1-9]", await http.GetStringAsync(new Uri(host.Address + "/metrics")));
        }

        // The operator's one click: `llfeed login kite` writes the next day's token to the store.
        rig.Store.Write(new BrokerToken(BrokerKind.Kite, "kite-day-2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(12)));
        SimulatorConnection renewed = await rig.WaitConnectionAsync("/kite", c => c.QueryString.Contains("access_token=kite-day-2", StringComparison.Ordinal), "a Kite connection with the new token");
        await rig.WaitJournalEndsWithAsync(renewed, FeedKind.Kite, "the renewed Kite connection's events in the journal");

        Assert.True(kite.IsConnected);
        Assert.DoesNotContain(host.Tokens.Warnings(), w => w.StartsWith("Kite refused", StringComparison.Ordinal));
        Assert.Single(rig.Connections("/kite"), c => c.QueryString.Contains("access_token=kite-day-2", StringComparison.Ordinal));
        Assert.Single(rig.Connections("/dhan"));
        Assert.Equal(dhanReconnects, dhan.Reconnects);
        Assert.True(dhan.IsConnected);
    }

    [Fact]
    public async Task A_Dhan_token_expiring_mid_session_is_replaced_by_an_unattended_login_and_only_the_Dhan_feed_reconnects_losing_no_event()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await using ExpiryRig rig = await ExpiryRig.StartAsync(
            "llfeed-dhan-expiry-",
            [new BrokerToken(BrokerKind.Kite, "kite-1", now, now.AddHours(12)), new BrokerToken(BrokerKind.Dhan, "dhan-day-1", now, now.AddHours(24))],
            configure: (options, simulator) =>
            {
                options.Logins.DhanAuthUrl = simulator.HttpBaseUri + "rest/dhan-auth/";
                options.Logins.DhanClientId = "1000000001";
                options.Logins.DhanPin = "123456";
                options.Logins.DhanTotpSecret = new LowLatencyFeed.Simulator.Rest.SimulatedAccounts().TotpSecret;
            });
        FeedHost host = rig.Host;
        IFeedRunner kite = rig.FeedRunner("kite");
        IFeedRunner dhan = rig.FeedRunner("dhan");
        await rig.WaitStreamingAsync("/dhan");
        long kiteReconnects = kite.Reconnects;

        // Dhan's 24 hours run out mid-session: the simulator closes the session and refuses the token from now on.
        await rig.ExpireTheOpenSessionAsync("/dhan", "dhan-day-1");

        // The refusal is counted, the host logs in again through the simulator's login endpoint, and the Dhan
        // feed reconnects with the new token.
        SimulatorConnection renewed = await rig.WaitConnectionAsync("/dhan", c => c.QueryString.Contains("token=dhan-jwt-", StringComparison.Ordinal), "a Dhan connection with a token from the unattended login");
        Assert.True(host.Tokens.RejectedHandshakes(BrokerKind.Dhan) >= 1);
        Assert.Equal(1, host.Tokens.Relogins(BrokerKind.Dhan));
        Assert.StartsWith("dhan-jwt-", rig.Store.Read(BrokerKind.Dhan)!.AccessToken, StringComparison.Ordinal);
        Assert.True(rig.Simulator.RefusedHandshakes >= 1);
        await rig.WaitJournalEndsWithAsync(renewed, FeedKind.Dhan, "the renewed Dhan connection's events in the journal");

        Assert.True(dhan.IsConnected);
        Assert.Equal(0, host.Tokens.RejectedHandshakes(BrokerKind.Kite));
        Assert.Equal(0, host.Tokens.Relogins(BrokerKind.Kite));
        Assert.Single(rig.Connections("/kite"));
        Assert.Equal(kiteReconnects, kite.Reconnects);
        Assert.True(kite.IsConnected);
    }

    [Fact]
    public async Task A_Kotak_session_token_expiring_mid_session_is_replaced_by_an_unattended_login_and_only_the_Kotak_feed_reconnects_losing_no_event()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var accounts = new LowLatencyFeed.Simulator.Rest.SimulatedAccounts();
        await using ExpiryRig rig = await ExpiryRig.StartAsync(
            "llfeed-kotak-expiry-",
            [
                new BrokerToken(BrokerKind.Kite, "kite-1", now, now.AddHours(12)),
                new BrokerToken(BrokerKind.Dhan, "dhan-1", now, now.AddHours(24)),
                new BrokerToken(BrokerKind.Kotak, "kotak-jwt-day-1", now, null, "kotak-sid-day-1"),
            ],
            withKotak: true,
            configure: (options, simulator) =>
            {
                options.Logins.KotakLoginUrl = simulator.HttpBaseUri + "rest/kotak/";
                options.Logins.KotakAppToken = accounts.KotakAppToken;
                options.Logins.KotakMobileNumber = "+919999999999";
                options.Logins.KotakUcc = accounts.KotakUcc;
                options.Logins.KotakTotpSecret = accounts.TotpSecret;
                options.Logins.KotakMpin = accounts.KotakMpin;
            });
        FeedHost host = rig.Host;
        IFeedRunner kite = rig.FeedRunner("kite");
        IFeedRunner dhan = rig.FeedRunner("dhan");
        IFeedRunner kotak = rig.FeedRunner("kotak");
        await rig.WaitStreamingAsync("/kotak");
        long kiteReconnects = kite.Reconnects;
        long dhanReconnects = dhan.Reconnects;

        // Kotak's session token travels in the auth frame, not the URL: the simulator knows it from the message.
        SimulatorConnection open = Assert.Single(rig.Connections("/kotak"));
        Assert.Contains("kotak-sid-day-1", open.MessageTokens);
        Assert.DoesNotContain("kotak-sid-day-1", open.QueryString, StringComparison.Ordinal);

        // The session ends mid-stream (close 1008 "Invalid session"); every later auth frame with the token is refused.
        await rig.ExpireTheOpenSessionAsync("/kotak", "kotak-sid-day-1");

        // Counted as a refused token, the host logs in again unattended (TOTP + MPIN through the simulator's login
        // endpoints) and only the Kotak feed reconnects, with the new session token in its auth frame.
        SimulatorConnection renewed = await rig.WaitConnectionAsync(
            "/kotak", c => c.MessageTokens.Any(t => t.StartsWith("session-sid-", StringComparison.Ordinal)), "a Kotak connection with the session token of the unattended login");
        Assert.True(host.Tokens.RejectedHandshakes(BrokerKind.Kotak) >= 1);
        Assert.Equal(1, host.Tokens.Relogins(BrokerKind.Kotak));
        BrokerToken stored = rig.Store.Read(BrokerKind.Kotak)!;
        Assert.StartsWith("kotak-session-", stored.AccessToken, StringComparison.Ordinal);
        Assert.StartsWith("session-sid-", stored.SessionId, StringComparison.Ordinal);
        await rig.WaitJournalEndsWithAsync(renewed, FeedKind.Kotak, "the renewed Kotak connection's events in the journal");

        Assert.True(kotak.IsConnected);
        Assert.DoesNotContain(rig.Connections("/kotak"), c => c != renewed && c.EndReason is null);
        Assert.Equal(0, host.Tokens.RejectedHandshakes(BrokerKind.Kite));
        Assert.Equal(0, host.Tokens.RejectedHandshakes(BrokerKind.Dhan));
        Assert.Equal(0, host.Tokens.Relogins(BrokerKind.Kite));
        Assert.Equal(0, host.Tokens.Relogins(BrokerKind.Dhan));
        Assert.Single(rig.Connections("/kite"));
        Assert.Single(rig.Connections("/dhan"));
        Assert.Equal(kiteReconnects, kite.Reconnects);
        Assert.Equal(dhanReconnects, dhan.Reconnects);
        Assert.True(kite.IsConnected);
        Assert.True(dhan.IsConnected);
    }

    private static List<Fingerprint> MarketEvents(FeedHost host, string data, FeedKind feed)
    {
        long written = host.Engine.Journal.LastWrittenSequence;
        var events = new List<Fingerprint>();
        using JournalCursor cursor = JournalReader.Open(Path.Combine(data, "journal")).Read(new JournalQuery { ToSequence = written });
        while (cursor.MoveNext())
        {
            MarketEvent e = cursor.Current;
            if (e.Header.Feed == feed && e.Header.Instrument.Token != 0)
            {
                events.Add(Fingerprint.Of(e));
            }
        }

        return events;
    }

    /// <summary>
    /// What every test here sets up: a data directory whose token store holds <c>tokens</c>, a simulator (by default
    /// capturing what it sends, 2,000 messages a connection at 1,000/s), and a host whose Kite and Dhan feeds (and
    /// Kotak's SFeed) take their tokens from the store, re-reading it every second.
    /// </summary>
    private sealed class ExpiryRig : IAsyncDisposable
    {
        private ExpiryRig(string data, TokenStore store, SimulatorServer simulator)
        {
            Data = data;
            Store = store;
            Simulator = simulator;
        }

        public string Data { get; }

        public TokenStore Store { get; }

        public SimulatorServer Simulator { get; }

        public FeedHost Host { get; private set; } = null!;

        public static async Task<ExpiryRig> StartAsync(
            string prefix, BrokerToken[] tokens, bool withKotak = false, Action<FeedHostOptions, SimulatorServer>? configure = null, SimulatorOptions? simulatorOptions = null)
        {
            string data = NewDataDirectory(prefix);
            var store = new TokenStore(data);
            foreach (BrokerToken token in tokens)
            {
                store.Write(token);
            }

            SimulatorServer simulator = await SimulatorServer.StartAsync(
                simulatorOptions ?? new SimulatorOptions { CaptureSentEvents = true, MaxMessages = 2_000, MessagesPerSecond = 1_000 }, NullLoggerFactory.Instance, CancellationToken.None);
            var rig = new ExpiryRig(data, store, simulator);
            try
            {
                FeedHostOptions options = HostOptions(
                    data,
                    Feed(simulator, "kite", "/kite", "?api_key=sim-api-key&access_token=${LLFEED_TOKEN_KITE}"),
                    Feed(simulator, "dhan", "/dhan", "?version=2&token=${LLFEED_TOKEN_DHAN}&clientId=1000000001&authType=2"));
                if (withKotak)
                {
                    FeedOptions kotak = Feed(simulator, "kotak", "/kotak", "");
                    kotak.User = new LowLatencyFeed.Simulator.Rest.SimulatedAccounts().KotakUcc;
                    kotak.SessionToken = "${LLFEED_SID_KOTAK}";
                    options.Feeds.Add(kotak);
                }

                options.Logins.TokenStorePollSeconds = 1;
                configure?.Invoke(options, simulator);
                rig.Host = await StartHostAsync(options);
                return rig;
            }
            catch
            {
                await rig.DisposeAsync();
                throw;
            }
        }

        public IFeedRunner FeedRunner(string name) => Host.Engine.FindFeed(name)!;

        public SimulatorConnection[] Connections(string path) => SimulatedFeedHosting.Connections(Simulator, path);

        /// <summary>Every feed connected, and the one at <paramref name="path"/> has its single connection streaming.</summary>
        public Task WaitStreamingAsync(string path) => WaitUntil(
            () => Host.Engine.Feeds.All(f => f.IsConnected) && Connections(path).Length == 1 && Connections(path)[0].MessagesSent > 0,
            $"every feed connected and {path} streaming");

        /// <summary>Expires <paramref name="token"/> on the simulator, which must close exactly the open session at <paramref name="path"/>.</summary>
        public async Task ExpireTheOpenSessionAsync(string path, string token)
        {
            SimulatorConnection first = Assert.Single(Connections(path));
            Assert.Equal(1, Simulator.ExpireToken(token));
            await WaitUntil(() => first.EndReason is not null, $"the expired session at {path} closed");
            Assert.True(first.EndedByTokenExpiry);
        }

        public async Task<SimulatorConnection> WaitConnectionAsync(string path, Func<SimulatorConnection, bool> match, string what)
        {
            SimulatorConnection? found = null;
            await WaitUntil(() => (found = Connections(path).FirstOrDefault(match)) is not null, what);
            return found!;
        }

        /// <summary>
        /// Waits until <paramref name="connection"/> has sent all its messages and the journal's last market events of
        /// <paramref name="feed"/> are exactly the events it sent: nothing sent after the new connection was lost.
        /// </summary>
        public async Task WaitJournalEndsWithAsync(SimulatorConnection connection, FeedKind feed, string what)
        {
            Fingerprint[] expected = [];
            await WaitUntil(
                () =>
                {
                    if (connection.MessagesSent < 2_000)
                    {
                        return false;
                    }

                    expected = [.. connection.GetSentEvents().Select(Fingerprint.Of)];
                    List<Fingerprint> journaled = MarketEvents(Host, Data, feed);
                    return journaled.Count >= expected.Length && journaled[^expected.Length..].SequenceEqual(expected);
                },
                what);
            Assert.NotEmpty(expected);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (Host is not null)
                {
                    await Host.DisposeAsync();
                }

                await Simulator.DisposeAsync();
            }
            finally
            {
                Directory.Delete(Data, recursive: true);
            }
        }
    }

    /// <summary>What the wire determines of an event (not the receive time, sequence or session).</summary>
    private readonly record struct Fingerprint(EventKind Kind, long Instrument, long ExchangeTimeNs)
    {
        // Without a wire exchange time the decoder stamps the receive time, which the simulator cannot know.
        public static Fingerprint Of(MarketEvent e) => new(
            e.Header.Kind,
            e.Header.Instrument.Value,
            (e.Header.Flags & EventFlags.ExchangeTimeFromReceive) != 0 ? 0 : e.Header.ExchangeTimeNs);
    }
}
