using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Reference;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Schema;

/// <summary>
/// The database's hourly and daily roll-ups anchor each instrument at its exchange's open, as the bar stage does
/// (storage migration 10; Processing/README.md "Sessions by exchange segment"): an MCX future and an NSE share on one
/// Kite feed, the exchanges taken from the instrument master stored in the database and given to the stage through
/// <see cref="ExchangeSessionMap"/>, and an instrument the master does not list (its feed's 09:15 grid) trading across
/// IST midnight, on real PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ExchangeAnchoredRollupTests
{
    private static readonly TimeSpan s_ist = TimeSpan.FromMinutes(330);
    private static readonly DateOnly s_monday = new(2026, 1, 5);
    private static readonly InstrumentId s_crude = InstrumentId.From(FeedKind.Kite, 2000);
    private static readonly InstrumentId s_infy = InstrumentId.From(FeedKind.Kite, 408065);
    private static readonly InstrumentId s_unlisted = InstrumentId.From(FeedKind.Kite, 738561);
    private readonly PostgresClusterFixture _pg;

    public ExchangeAnchoredRollupTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public async Task An_mcx_and_an_nse_instruments_roll_ups_equal_the_bar_stages_hourly_and_daily_bars()
    {
        string cs = _pg.CreateDatabase("exchange_anchor");
        new Migrator(cs, new MigratorOptions { Now = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), PartitionDaysAhead = 2 }).Migrate();
        await using (var master = new InstrumentMasterTable(cs))
        {
            await master.ReplaceDayAsync("Kite", s_monday, [Row("2000", 2000, "MCX", "CRUDEOIL26JANFUT"), Row("408065", 408065, "NSE", "INFY")], CancellationToken.None);
        }

        // The stage resolves the same master rows (the host's MasterSessions does this from the synced masters).
        var sessions = new ExchangeSessionMap([new(s_crude, "MCX"), new(s_infy, "NSE")]);
        var rig = new StageRollupRig(sessions.Resolve);

        // The same five trades on both instruments (prices at 2 decimals), IST on Monday 5 January 2026.
        (int Hour, int Minute, long Price, long Quantity)[] trades = [(9, 20, 10000, 1), (9, 50, 10200, 2), (10, 10, 10100, 3), (10, 40, 10400, 4), (11, 5, 10300, 5)];
        foreach ((int hour, int minute, long price, long quantity) in trades)
        {
            DateTimeOffset time = new(2026, 1, 5, hour, minute, 0, s_ist);
            rig.Trade(s_crude, time, price, quantity);
            rig.Trade(s_infy, time, price, quantity);
        }

        // An instrument the master does not list keeps its feed's 09:15 grid, and its hours never cross IST midnight:
        // 23:50 falls in 23:15–24:00, 00:10 in 00:00–00:15 (not in a 23:15–00:15 hour).
        rig.Trade(s_unlisted, new DateTimeOffset(2026, 1, 5, 23, 50, 0, s_ist), 20000, 1);
        rig.Trade(s_unlisted, new DateTimeOffset(2026, 1, 6, 0, 10, 0, s_ist), 20100, 2);

        rig.FlushAndStore(cs);

        // Hand-computed. MCX hours from 09:00 IST: 09:00 (09:20, 09:50), 10:00 (10:10, 10:40), 11:00 (11:05).
        // NSE hours from 09:15 IST: 09:15 (09:20, 09:50, 10:10), 10:15 (10:40, 11:05). Both days from IST midnight.
        long istMidnight = new DateTimeOffset(2026, 1, 5, 0, 0, 0, s_ist).ToUnixTimeSeconds();
        List<string> expectedHourly =
        [
            StageRollupRig.Row(s_crude.Value, At(9, 0), 10000, 10200, 10000, 10200, 3, 2),
            StageRollupRig.Row(s_crude.Value, At(10, 0), 10100, 10400, 10100, 10400, 7, 2),
            StageRollupRig.Row(s_crude.Value, At(11, 0), 10300, 10300, 10300, 10300, 5, 1),
            StageRollupRig.Row(s_infy.Value, At(9, 15), 10000, 10200, 10000, 10100, 6, 3),
            StageRollupRig.Row(s_infy.Value, At(10, 15), 10400, 10400, 10300, 10300, 9, 2),
            StageRollupRig.Row(s_unlisted.Value, At(23, 15), 20000, 20000, 20000, 20000, 1, 1),
            StageRollupRig.Row(s_unlisted.Value, istMidnight + 86_400, 20100, 20100, 20100, 20100, 2, 1),
        ];
        List<string> expectedDaily =
        [
            StageRollupRig.Row(s_crude.Value, istMidnight, 10000, 10400, 10000, 10300, 15, 5),
            StageRollupRig.Row(s_infy.Value, istMidnight, 10000, 10400, 10000, 10300, 15, 5),
            StageRollupRig.Row(s_unlisted.Value, istMidnight, 20000, 20000, 20000, 20000, 1, 1),
            StageRollupRig.Row(s_unlisted.Value, istMidnight + 86_400, 20100, 20100, 20100, 20100, 2, 1),
        ];

        Assert.Equal(expectedHourly, StageRollupRig.Sorted(rig.Hourly));
        Assert.Equal(expectedDaily, StageRollupRig.Sorted(rig.Daily));
        Assert.Equal(expectedHourly, Db.Rows(cs, StageRollupRig.RollupQuery("bars_1h", Listed)));
        Assert.Equal(expectedDaily, Db.Rows(cs, StageRollupRig.RollupQuery("bars_1d", Listed)));
    }

    [Fact]
    public async Task A_token_listed_under_exchanges_of_different_opens_keeps_its_feeds_default_and_a_newer_day_wins()
    {
        string cs = _pg.CreateDatabase("exchange_anchor_rows");
        new Migrator(cs, new MigratorOptions { Now = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), PartitionDaysAhead = 2 }).Migrate();
        await using var master = new InstrumentMasterTable(cs);

        // Dhan numbers segments apart: 500 on NSE and on MCX is ambiguous (ExchangeSessionMap keeps the feed's default).
        await master.ReplaceDayAsync("Dhan", s_monday, [Row("NSE_EQ|500", 500, "NSE", "A") with { Broker = "Dhan" }, Row("MCX_COMM|500", 500, "MCX", "B") with { Broker = "Dhan" }], CancellationToken.None);
        Assert.Equal(
            new ExchangeSessionMap([new(InstrumentId.From(FeedKind.Dhan, 500), "NSE"), new(InstrumentId.From(FeedKind.Dhan, 500), "MCX")]).Resolve(InstrumentId.From(FeedKind.Dhan, 500)),
            TradingSession.India);
        Assert.Equal(["|"], Db.Rows(cs, $"SELECT coalesce(hour_origin::text, '') || '|' || coalesce(day_origin::text, '') FROM llfeed.instrument_sessions WHERE instrument_id = {InstrumentId.From(FeedKind.Dhan, 500).Value}"));

        // A newer master day re-lists Kite token 2000 under CDS (09:00) after NSE (09:15); an older day written later does not win.
        await master.ReplaceDayAsync("Kite", s_monday, [Row("2000", 2000, "NSE", "X")], CancellationToken.None);
        await master.ReplaceDayAsync("Kite", s_monday.AddDays(1), [Row("2000", 2000, "CDS", "X")], CancellationToken.None);
        await master.ReplaceDayAsync("Kite", s_monday.AddDays(-1), [Row("2000", 2000, "NSE", "X")], CancellationToken.None);
        Assert.Equal(
            ["2026-01-06|03:30"],
            Db.Rows(cs, $"SELECT valid_on::text || '|' || to_char(hour_origin AT TIME ZONE 'UTC', 'HH24:MI') FROM llfeed.instrument_sessions WHERE instrument_id = {s_crude.Value}"));
    }

    private static long At(int hour, int minute) => new DateTimeOffset(2026, 1, 5, hour, minute, 0, s_ist).ToUnixTimeSeconds();

    private static InstrumentMasterRow Row(string key, long token, string exchange, string symbol) => new()
    {
        Broker = "Kite",
        ValidOn = s_monday,
        BrokerKey = key,
        FeedToken = token,
        Exchange = exchange,
        Segment = exchange,
        Symbol = symbol,
        BrokerSymbol = symbol,
        Kind = "equity",
        TickSize = 0.05m,
        PriceDecimals = 2,
    };

    private static string Listed => $"WHERE instrument_id IN ({s_crude.Value}, {s_infy.Value}, {s_unlisted.Value})";
}
