using System.Collections.Concurrent;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;

namespace LowLatencyFeed.Brokers.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TokenStoreTests : IDisposable
{
    private static readonly DateTimeOffset s_issued = new(2026, 1, 2, 4, 30, 0, TimeSpan.Zero); // 10:00 IST
    private readonly string _data = Path.Combine(Path.GetTempPath(), "llfeed-tokens-" + Guid.NewGuid().ToString("N"));

    public TokenStoreTests() => Directory.CreateDirectory(_data);

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void Tokens_round_trip_in_a_file_only_the_owner_can_read()
    {
        var store = new TokenStore(_data);
        store.Write(new BrokerToken(BrokerKind.Kite, "kite-secret-1", s_issued, BrokerToken.KiteExpiry(s_issued)));
        store.Write(new BrokerToken(BrokerKind.Kotak, "kotak-secret", s_issued, null, "sid-1"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        Dictionary<BrokerKind, BrokerToken> all = new TokenStore(_data).ReadAll();
        Assert.Equal("kite-secret-1", all[BrokerKind.Kite].AccessToken);
        Assert.Equal("sid-1", all[BrokerKind.Kotak].SessionId);
        Assert.DoesNotContain("secret", all[BrokerKind.Kite].ToString());
    }

    [Fact]
    public void A_store_readable_by_group_or_others_is_refused_without_showing_the_token()
    {
        var store = new TokenStore(_data);
        store.Write(new BrokerToken(BrokerKind.Dhan, "dhan-secret", s_issued, s_issued.AddHours(24)));
        File.SetUnixFileMode(store.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<TokenStoreException>(() => store.ReadAll());
        Assert.Contains("mode 644", error.Message);
        Assert.Contains("chmod 600", error.Message);
        Assert.DoesNotContain("dhan-secret", error.Message);
    }

    [Fact]
    public void Kite_tokens_expire_at_six_ist_the_next_morning_or_the_same_morning_before_six()
    {
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 0, 30, 0, TimeSpan.Zero), BrokerToken.KiteExpiry(s_issued));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 30, 0, TimeSpan.Zero), BrokerToken.KiteExpiry(new DateTimeOffset(2026, 1, 1, 23, 0, 0, TimeSpan.Zero))); // 04:30 IST
    }

    [Fact]
    public void Expiry_warnings_come_hours_ahead_and_name_only_the_broker_and_time()
    {
        var store = new TokenStore(_data);
        store.Write(new BrokerToken(BrokerKind.Kite, "kite-secret", s_issued, BrokerToken.KiteExpiry(s_issued)));
        store.Write(new BrokerToken(BrokerKind.Dhan, "dhan-secret", s_issued, s_issued.AddHours(24)));

        // 2026-01-02 21:30 UTC: Kite has 3 h left, Dhan 7 h.
        List<string> warnings = store.ExpiryWarnings(new DateTimeOffset(2026, 1, 2, 21, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(4));
        Assert.Equal(["Kite token expires in 3.0 h (at 2026-01-03 00:30 UTC)"], warnings);
        Assert.Contains("Kite token expired at 2026-01-03 00:30 UTC", store.ExpiryWarnings(new DateTimeOffset(2026, 1, 3, 1, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(4))[0]);
    }

    [Fact]
    public async Task The_watch_reports_only_the_broker_whose_token_changed()
    {
        var store = new TokenStore(_data);
        store.Write(new BrokerToken(BrokerKind.Kite, "kite-1", s_issued, null));
        store.Write(new BrokerToken(BrokerKind.Dhan, "dhan-1", s_issued, null));
        var changes = new ConcurrentQueue<(BrokerKind, string)>();
        using (store.Watch((broker, token) => changes.Enqueue((broker, token.AccessToken))))
        {
            new TokenStore(_data).Write(new BrokerToken(BrokerKind.Dhan, "dhan-2", s_issued.AddHours(1), null));
            DateTime deadline = DateTime.UtcNow.AddSeconds(20);
            while (changes.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            await Task.Delay(200); // any further (wrong) report would arrive by now
        }

        Assert.Equal([(BrokerKind.Dhan, "dhan-2")], changes.Distinct());
    }
}
