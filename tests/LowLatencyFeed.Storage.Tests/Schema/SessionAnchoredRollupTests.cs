using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Schema;

/// <summary>
/// The database's hourly and daily roll-ups of the 1-minute bars agree with the bar stage's own 1-hour and 1-day bars:
/// Indian instruments anchored to the 09:15 IST open and IST days, crypto to UTC (storage migration 9), on real
/// PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SessionAnchoredRollupTests
{
    private static readonly InstrumentId s_reliance = InstrumentId.From(FeedKind.Kite, 738561);
    private static readonly InstrumentId s_btc = InstrumentId.From(FeedKind.Binance, 1);
    private readonly PostgresClusterFixture _pg;

    public SessionAnchoredRollupTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public void Bars_1h_and_bars_1d_equal_the_bar_stages_hourly_and_daily_bars()
    {
        string cs = _pg.CreateDatabase("anchor");
        new Migrator(cs, new MigratorOptions { Now = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), PartitionDaysAhead = 2 }).Migrate();

        var rig = new StageRollupRig();

        // NSE's Monday 5 January 2026 session, 09:15–15:30 IST, one or two trades a minute.
        DateTimeOffset nseOpen = new(2026, 1, 5, 9, 15, 0, TimeSpan.FromMinutes(330));
        for (int minute = 0; minute < 375; minute++)
        {
            rig.Trade(s_reliance, nseOpen.AddMinutes(minute).AddSeconds(10), 250_000 + ((minute * 37) % 101), 1 + (minute % 5));
            if (minute % 3 == 0)
            {
                rig.Trade(s_reliance, nseOpen.AddMinutes(minute).AddSeconds(40), 249_950 + ((minute * 13) % 71), 2);
            }
        }

        // Crypto across a UTC midnight: 22:00 on 4 January to 02:00 on 5 January.
        DateTimeOffset btcStart = new(2026, 1, 4, 22, 0, 0, TimeSpan.Zero);
        for (int minute = 0; minute < 240; minute++)
        {
            rig.Trade(s_btc, btcStart.AddMinutes(minute).AddSeconds(5), 9_000_000 + ((minute * 53) % 997), 1 + (minute % 3));
        }

        rig.FlushAndStore(cs);
        List<string> hourly = rig.Hourly;
        List<string> daily = rig.Daily;

        // The stage's first Indian hour is 09:15–10:15 IST (03:45 UTC) and its Indian day starts at IST midnight.
        Assert.Contains(hourly, r => r.StartsWith(StageRollupRig.Row(s_reliance.Value, nseOpen.ToUnixTimeSeconds()), StringComparison.Ordinal));
        Assert.Contains(daily, r => r.StartsWith(StageRollupRig.Row(s_reliance.Value, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.FromMinutes(330)).ToUnixTimeSeconds()), StringComparison.Ordinal));
        Assert.Equal(7, hourly.Count(r => r.StartsWith(s_reliance.Value + "|", StringComparison.Ordinal)));
        Assert.Equal(4, hourly.Count(r => r.StartsWith(s_btc.Value + "|", StringComparison.Ordinal)));
        Assert.Equal(2, daily.Count(r => r.StartsWith(s_btc.Value + "|", StringComparison.Ordinal)));

        Assert.Equal(StageRollupRig.Sorted(hourly), Db.Rows(cs, StageRollupRig.RollupQuery("bars_1h")));
        Assert.Equal(StageRollupRig.Sorted(daily), Db.Rows(cs, StageRollupRig.RollupQuery("bars_1d")));
    }
}
