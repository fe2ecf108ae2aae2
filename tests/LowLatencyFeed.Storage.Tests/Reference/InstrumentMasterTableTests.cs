using LowLatencyFeed.Storage.Reference;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Reference;

[Collection(PostgresCollection.Name)]
public sealed class InstrumentMasterTableTests
{
    private static readonly DateOnly s_monday = new(2026, 1, 5);
    private readonly PostgresClusterFixture _pg;

    public InstrumentMasterTableTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public async Task A_day_is_stored_with_exact_decimals_and_read_back_value_by_value()
    {
        string cs = _pg.CreateDatabase("master");
        new Migrator(cs).Migrate();
        await using var table = new InstrumentMasterTable(cs);

        long written = await table.ReplaceDayAsync("Kite", s_monday, [Infy(s_monday), Future(s_monday), UsdInr(s_monday)], CancellationToken.None);

        Assert.Equal(3, written);
        List<InstrumentMasterRow> rows = await table.ReadDayAsync("Kite", s_monday, CancellationToken.None);
        Assert.Equal([Future(s_monday), UsdInr(s_monday), Infy(s_monday)], rows); // ordered by broker key, as text
        // numeric keeps the digits exactly: a quarter-paisa tick and a strike with paise.
        Assert.Equal(
            ["0.05|0|NULL", "0.10|0|2026-01-27", "0.0025|24000.50|2026-01-27"],
            Db.Rows(cs, "SELECT tick_size::text, strike::text, COALESCE(expiry::text, 'NULL') FROM llfeed.instrument_master ORDER BY symbol"));
    }

    [Fact]
    public async Task Replacing_a_day_keeps_the_other_days_and_brokers_and_skips_a_repeated_key()
    {
        string cs = _pg.CreateDatabase("master");
        new Migrator(cs).Migrate();
        await using var table = new InstrumentMasterTable(cs);
        DateOnly tuesday = s_monday.AddDays(1);
        await table.ReplaceDayAsync("Kite", s_monday, [Infy(s_monday), Future(s_monday)], CancellationToken.None);
        await table.ReplaceDayAsync("Dhan", tuesday, [Infy(tuesday) with { Broker = "Dhan", BrokerKey = "NSE_EQ|1594", FeedToken = 1594 }], CancellationToken.None);
        await table.ReplaceDayAsync("Kite", tuesday, [Infy(tuesday)], CancellationToken.None);

        long again = await table.ReplaceDayAsync("Kite", tuesday, [Infy(tuesday) with { LotSize = 2 }, Infy(tuesday) with { LotSize = 3 }], CancellationToken.None);

        Assert.Equal(1, again);
        Assert.Equal([tuesday, s_monday], await table.DaysAsync("Kite", CancellationToken.None));
        Assert.Equal(2, (await table.ReadDayAsync("Kite", tuesday, CancellationToken.None)).Single().LotSize);
        Assert.Equal(2, (await table.ReadDayAsync("Kite", s_monday, CancellationToken.None)).Count);
        Assert.Equal([tuesday], await table.DaysAsync("Dhan", CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_copy_leaves_the_day_as_it_was()
    {
        string cs = _pg.CreateDatabase("master");
        new Migrator(cs).Migrate();
        await using var table = new InstrumentMasterTable(cs);
        await table.ReplaceDayAsync("Kite", s_monday, [Infy(s_monday)], CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => table.ReplaceDayAsync("Kite", s_monday, Broken(), CancellationToken.None));

        Assert.Equal([Infy(s_monday)], await table.ReadDayAsync("Kite", s_monday, CancellationToken.None));

        static IEnumerable<InstrumentMasterRow> Broken()
        {
            yield return Future(s_monday);
            throw new InvalidOperationException("the master stream broke off");
        }
    }

    private static InstrumentMasterRow Infy(DateOnly day) => new()
    {
        Broker = "Kite",
        ValidOn = day,
        BrokerKey = "408065",
        FeedToken = 408065,
        Exchange = "NSE",
        Segment = "NSE",
        Symbol = "INFY",
        BrokerSymbol = "INFY",
        Name = "INFOSYS",
        Kind = "Equity",
        InstrumentType = "EQ",
        TickSize = 0.05m,
        PriceDecimals = 2,
    };

    private static InstrumentMasterRow Future(DateOnly day) => new()
    {
        Broker = "Kite",
        ValidOn = day,
        BrokerKey = "12073986",
        FeedToken = 12073986,
        Exchange = "NFO",
        Segment = "NFO-FUT",
        Symbol = "NIFTY26JANFUT",
        BrokerSymbol = "NIFTY26JANFUT",
        Name = "NIFTY",
        Kind = "Future",
        InstrumentType = "FUT",
        Expiry = new DateOnly(2026, 1, 27),
        LotSize = 75,
        TickSize = 0.10m,
        PriceDecimals = 2,
    };

    private static InstrumentMasterRow UsdInr(DateOnly day) => new()
    {
        Broker = "Kite",
        ValidOn = day,
        BrokerKey = "2097411",
        FeedToken = 2097411,
        Exchange = "CDS",
        Segment = "CDS-OPT",
        Symbol = "USDINR26JAN24000.5CE",
        BrokerSymbol = "USDINR26JAN24000.5CE",
        Kind = "Option",
        InstrumentType = "CE",
        Expiry = new DateOnly(2026, 1, 27),
        Strike = 24000.50m,
        OptionType = "CE",
        LotSize = 1000,
        TickSize = 0.0025m,
        PriceDecimals = 7,
    };
}
