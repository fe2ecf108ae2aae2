using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

/// <summary>A token rotated in the token store while the host runs: only that broker's feed reconnects, with the new token.</summary>
public sealed class TokenRotationTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_rotated_Kite_token_reconnects_only_the_Kite_feed_and_loses_no_event_sent_after_the_new_connection()
    {
        string data = Path.Combine(Path.GetTempPath(), "llfeed-rotation-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var store = new TokenStore(data);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        store.Write(new BrokerToken(BrokerKind.Kite, "kite-old", now, now.AddHours(12)));
        store.Write(new BrokerToken(BrokerKind.Dhan, "dhan-1", now, now.AddHours(24)));
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { CaptureSentEvents = true, MaxMessages = 2_000, MessagesPerSecond = 1_000 }, NullLoggerFactory.Instance, CancellationToken.None);
        FeedHostOptions options = new()
        {
            DataDirectory = data,
            MetricsUrl = "http://127.0.0.1:0",
            ClockIntervalMilliseconds = 50,
            Database = new DatabaseOptions { PrivateCluster = false },
            Feeds =
            [
                Feed(simulator, "kite", "/kite", "?api_key=sim-api-key&access_token=${LLFEED_TOKEN_KITE}"),
                Feed(simulator, "dhan", "/dhan", "?version=2&token=${LLFEED_TOKEN_DHAN}&clientId=1000000001&authType=2"),
            ],
        };
        options.Logins.TokenStorePollSeconds = 1;
        options.Logins.ExpiryWarningHours = 2;
        try
        {
            await using (FeedHost host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []))
            {
                await WaitUntil(() => Connections(simulator, "/kite").Length == 1 && Connections(simulator, "/dhan").Length == 1
                    && host.Engine.Feeds.All(f => f.IsConnected), "both feeds connected");
                Assert.Contains("access_token=kite-old", Connections(simulator, "/kite")[0].QueryString, StringComparison.Ordinal);
                Assert.Contains("token=dhan-1", Connections(simulator, "/dhan")[0].QueryString, StringComparison.Ordinal);
                IFeedRunner dhan = host.Engine.FindFeed("dhan")!;
                long dhanReconnects = dhan.Reconnects;
                Assert.Empty(host.Tokens.Warnings());

                // `llfeed login kite` (or another host) rewrites the store: a new token expiring within the warning window.
                store.Write(new BrokerToken(BrokerKind.Kite, "kite-new", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)));

                SimulatorConnection? rotated = null;
                await WaitUntil(
                    () => (rotated = Connections(simulator, "/kite").FirstOrDefault(c => c.QueryString.Contains("access_token=kite-new", StringComparison.Ordinal))) is not null,
                    "a Kite connection with the new token");

                // Every event the new connection sent reaches the journal: the journal's last Kite market events are exactly them.
                Fingerprint[] expected = [];
                await WaitUntil(
                    () =>
                    {
                        if (rotated!.MessagesSent < 2_000)
                        {
                            return false;
                        }

                        expected = [.. rotated.GetSentEvents().Select(Fingerprint.Of)];
                        List<Fingerprint> journaled = MarketEvents(host, data, FeedKind.Kite);
                        return journaled.Count >= expected.Length && journaled[^expected.Length..].SequenceEqual(expected);
                    },
                    "the new Kite connection's events in the journal");
                Assert.NotEmpty(expected);

                Assert.Equal(2, Connections(simulator, "/kite").Length);
                Assert.Single(Connections(simulator, "/dhan"));
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
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_revoked_token_names_the_broker_is_counted_and_the_other_feed_keeps_running()
    {
        string data = Path.Combine(Path.GetTempPath(), "llfeed-revoked-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var store = new TokenStore(data);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        store.Write(new BrokerToken(BrokerKind.Kite, "kite-1", now, now.AddHours(12)));
        store.Write(new BrokerToken(BrokerKind.Dhan, "dhan-1", now, now.AddHours(24)));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { MessagesPerSecond = 200 }, NullLoggerFactory.Instance, CancellationToken.None);
        FeedHostOptions options = new()
        {
            DataDirectory = data,
            MetricsUrl = "http://127.0.0.1:0",
            ClockIntervalMilliseconds = 50,
            Database = new DatabaseOptions { PrivateCluster = false },
            Feeds =
            [
                Feed(simulator, "kite", "/kite", "?api_key=sim-api-key&access_token=${LLFEED_TOKEN_KITE}"),
                Feed(simulator, "dhan", "/dhan", "?version=2&token=${LLFEED_TOKEN_DHAN}&clientId=1000000001&authType=2"),
            ],
        };
        options.Logins.TokenStorePollSeconds = 1;
        try
        {
            await using (FeedHost host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []))
            {
                await WaitUntil(() => host.Engine.Feeds.All(f => f.IsConnected), "both feeds connected");
                IFeedRunner dhan = host.Engine.FindFeed("dhan")!;
                long dhanEvents = dhan.Diagnostics.Events;

                // The broker revoked the token the store now holds (a stale copy from another machine, say).
                simulator.RevokeToken("kite-stale");
                store.Write(new BrokerToken(BrokerKind.Kite, "kite-stale", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(12)));

                await WaitUntil(() => host.Tokens.RejectedHandshakes(BrokerKind.Kite) >= 2 && simulator.RefusedHandshakes >= 2, "the revoked Kite token refused twice");
                Assert.Contains(host.Tokens.Warnings(), w => w.StartsWith("Kite refused the access token of feed 'kite'", StringComparison.Ordinal) && w.Contains("llfeed login kite", StringComparison.Ordinal));
                Assert.Equal(0, host.Tokens.RejectedHandshakes(BrokerKind.Dhan));
                Assert.False(host.Engine.FindFeed("kite")!.IsConnected);

                // Dhan streams on, on its first connection.
                await WaitUntil(() => dhan.Diagnostics.Events > dhanEvents + 100, "Dhan events after the Kite refusal");
                Assert.True(dhan.IsConnected);
                Assert.Single(Connections(simulator, "/dhan"));

                using var http = new HttpClient();
                string metrics = await http.GetStringAsync(new Uri(host.Address + "/metrics"));
                Assert.Matches("llfeed_broker_token_rejected_total\\{broker=\"Kite\"\\} [1-9]", metrics);
                Assert.DoesNotContain("kite-stale", await http.GetStringAsync(new Uri(host.Address + "/health")), StringComparison.Ordinal);

                // A fresh login clears it: the feed reconnects with the new token.
                store.Write(new BrokerToken(BrokerKind.Kite, "kite-2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(12)));
                await WaitUntil(() => host.Engine.FindFeed("kite")!.IsConnected, "Kite reconnected after a fresh login");
                Assert.DoesNotContain(host.Tokens.Warnings(), w => w.StartsWith("Kite refused", StringComparison.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_Kite_token_expiring_mid_session_is_reported_and_a_new_stored_token_reconnects_only_the_Kite_feed_losing_no_event()
    {
        string data = Path.Combine(Path.GetTempPath(), "llfeed-expiry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var store = new TokenStore(data);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        store.Write(new BrokerToken(BrokerKind.Kite, "kite-day-1", now, now.AddHours(12)));
        store.Write(new BrokerToken(BrokerKind.Dhan, "dhan-1", now, now.AddHours(24)));
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { CaptureSentEvents = true, MaxMessages = 2_000, MessagesPerSecond = 1_000 }, NullLoggerFactory.Instance, CancellationToken.None);
        FeedHostOptions options = new()
        {
            DataDirectory = data,
            MetricsUrl = "http://127.0.0.1:0",
            ClockIntervalMilliseconds = 50,
            Database = new DatabaseOptions { PrivateCluster = false },
            Feeds =
            [
                Feed(simulator, "kite", "/kite", "?api_key=sim-api-key&access_token=${LLFEED_TOKEN_KITE}"),
                Feed(simulator, "dhan", "/dhan", "?version=2&token=${LLFEED_TOKEN_DHAN}&clientId=1000000001&authType=2"),
            ],
        };
        options.Logins.TokenStorePollSeconds = 1;
        try
        {
            await using (FeedHost host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []))
            {
                IFeedRunner kite = host.Engine.FindFeed("kite")!;
                IFeedRunner dhan = host.Engine.FindFeed("dhan")!;
                await WaitUntil(() => host.Engine.Feeds.All(f => f.IsConnected) && Connections(simulator, "/kite").Length == 1
                    && Connections(simulator, "/kite")[0].MessagesSent > 0, "both feeds connected and Kite streaming");
                long dhanReconnects = dhan.Reconnects;

                // The broker's deadline passes mid-session: the simulator closes the Kite session and refuses the token from now on.
                SimulatorConnection first = Connections(simulator, "/kite")[0];
                Assert.Equal(1, simulator.ExpireToken("kite-day-1"));
                await WaitUntil(() => first.EndReason is not null, "the expired Kite session closed");
                Assert.True(first.EndedByTokenExpiry);

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
                store.Write(new BrokerToken(BrokerKind.Kite, "kite-day-2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(12)));
                SimulatorConnection? renewed = null;
                await WaitUntil(
                    () => (renewed = Connections(simulator, "/kite").FirstOrDefault(c => c.QueryString.Contains("access_token=kite-day-2", StringComparison.Ordinal))) is not null,
                    "a Kite connection with the new token");

                Fingerprint[] expected = [];
                await WaitUntil(
                    () =>
                    {
                        if (renewed!.MessagesSent < 2_000)
                        {
                            return false;
                        }

                        expected = [.. renewed.GetSentEvents().Select(Fingerprint.Of)];
                        List<Fingerprint> journaled = MarketEvents(host, data, FeedKind.Kite);
                        return journaled.Count >= expected.Length && journaled[^expected.Length..].SequenceEqual(expected);
                    },
                    "the renewed Kite connection's events in the journal");
                Assert.NotEmpty(expected);

                Assert.True(kite.IsConnected);
                Assert.DoesNotContain(host.Tokens.Warnings(), w => w.StartsWith("Kite refused", StringComparison.Ordinal));
                Assert.Single(Connections(simulator, "/kite"), c => c.QueryString.Contains("access_token=kite-day-2", StringComparison.Ordinal));
                Assert.Single(Connections(simulator, "/dhan"));
                Assert.Equal(dhanReconnects, dhan.Reconnects);
                Assert.True(dhan.IsConnected);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_Dhan_token_expiring_mid_session_is_replaced_by_an_unattended_login_and_only_the_Dhan_feed_reconnects_losing_no_event()
    {
        string data = Path.Combine(Path.GetTempPath(), "llfeed-dhan-expiry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var store = new TokenStore(data);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        store.Write(new BrokerToken(BrokerKind.Kite, "kite-1", now, now.AddHours(12)));
        store.Write(new BrokerToken(BrokerKind.Dhan, "dhan-day-1", now, now.AddHours(24)));
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { CaptureSentEvents = true, MaxMessages = 2_000, MessagesPerSecond = 1_000 }, NullLoggerFactory.Instance, CancellationToken.None);
        FeedHostOptions options = new()
        {
            DataDirectory = data,
            MetricsUrl = "http://127.0.0.1:0",
            ClockIntervalMilliseconds = 50,
            Database = new DatabaseOptions { PrivateCluster = false },
            Feeds =
            [
                Feed(simulator, "kite", "/kite", "?api_key=sim-api-key&access_token=${LLFEED_TOKEN_KITE}"),
                Feed(simulator, "dhan", "/dhan", "?version=2&token=${LLFEED_TOKEN_DHAN}&clientId=1000000001&authType=2"),
            ],
        };
        options.Logins.TokenStorePollSeconds = 1;
        options.Logins.DhanAuthUrl = simulator.HttpBaseUri + "rest/dhan-auth/";
        options.Logins.DhanClientId = "1000000001";
        options.Logins.DhanPin = "123456";
        options.Logins.DhanTotpSecret = new LowLatencyFeed.Simulator.Rest.SimulatedAccounts().TotpSecret;
        try
        {
            await using (FeedHost host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []))
            {
                IFeedRunner kite = host.Engine.FindFeed("kite")!;
                IFeedRunner dhan = host.Engine.FindFeed("dhan")!;
                await WaitUntil(() => host.Engine.Feeds.All(f => f.IsConnected) && Connections(simulator, "/dhan").Length == 1
                    && Connections(simulator, "/dhan")[0].MessagesSent > 0, "both feeds connected and Dhan streaming");
                long kiteReconnects = kite.Reconnects;

                // Dhan's 24 hours run out mid-session: the simulator closes the session and refuses the token from now on.
                SimulatorConnection first = Connections(simulator, "/dhan")[0];
                Assert.Equal(1, simulator.ExpireToken("dhan-day-1"));
                await WaitUntil(() => first.EndReason is not null, "the expired Dhan session closed");
                Assert.True(first.EndedByTokenExpiry);

                // The refusal is counted, the host logs in again through the simulator's login endpoint, and the Dhan
                // feed reconnects with the new token.
                SimulatorConnection? renewed = null;
                await WaitUntil(
                    () => (renewed = Connections(simulator, "/dhan").FirstOrDefault(c => c.QueryString.Contains("token=dhan-jwt-", StringComparison.Ordinal))) is not null,
                    "a Dhan connection with a token from the unattended login");
                Assert.True(host.Tokens.RejectedHandshakes(BrokerKind.Dhan) >= 1);
                Assert.Equal(1, host.Tokens.Relogins(BrokerKind.Dhan));
                Assert.StartsWith("dhan-jwt-", store.Read(BrokerKind.Dhan)!.AccessToken, StringComparison.Ordinal);
                Assert.True(simulator.RefusedHandshakes >= 1);

                Fingerprint[] expected = [];
                await WaitUntil(
                    () =>
                    {
                        if (renewed!.MessagesSent < 2_000)
                        {
                            return false;
                        }

                        expected = [.. renewed.GetSentEvents().Select(Fingerprint.Of)];
                        List<Fingerprint> journaled = MarketEvents(host, data, FeedKind.Dhan);
                        return journaled.Count >= expected.Length && journaled[^expected.Length..].SequenceEqual(expected);
                    },
                    "the renewed Dhan connection's events in the journal");
                Assert.NotEmpty(expected);

                Assert.True(dhan.IsConnected);
                Assert.Equal(0, host.Tokens.RejectedHandshakes(BrokerKind.Kite));
                Assert.Equal(0, host.Tokens.Relogins(BrokerKind.Kite));
                Assert.Single(Connections(simulator, "/kite"));
                Assert.Equal(kiteReconnects, kite.Reconnects);
                Assert.True(kite.IsConnected);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static FeedOptions Feed(SimulatorServer simulator, string protocol, string path, string query)
    {
        ISimulatedFeed feed = simulator.Feeds.Single(f => f.Path == path);
        var options = new FeedOptions
        {
            Name = protocol,
            Protocol = protocol,
            Url = simulator.GetFeedUri(path).ToString() + query,
            StaleTimeoutSeconds = 30,
        };
        foreach (SimulatedInstrument instrument in feed.DefaultInstruments.Where(i => !i.IsIndex).Take(3))
        {
            options.Instruments.Add(new InstrumentOptions
            {
                Token = instrument.Token,
                Symbol = instrument.Symbol,
                Segment = instrument.Segment,
                Mode = SubscriptionMode.Quote,
                PriceDecimals = instrument.PriceDecimals,
                QuantityDecimals = instrument.QuantityDecimals,
            });
        }

        return options;
    }

    private static SimulatorConnection[] Connections(SimulatorServer simulator, string path) => [.. simulator.Connections.Where(c => c.Path == path)];

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

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + s_deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within {s_deadline.TotalSeconds} s: {what}");
            await Task.Delay(25);
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
