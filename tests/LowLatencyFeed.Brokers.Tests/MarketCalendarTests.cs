using LowLatencyFeed.Brokers.Sessions;

namespace LowLatencyFeed.Brokers.Tests;

/// <summary>Sessions in IST and UTC worked out by hand (IST = UTC+05:30), across a weekend and a holiday.</summary>
public sealed class MarketCalendarTests
{
    private static readonly MarketCalendar s_calendar = MarketCalendar.Load(ShippedHolidayFile());

    [Fact]
    public void After_fridays_close_the_next_nse_session_skips_the_weekend_and_republic_day()
    {
        // Friday 2026-01-23 16:00 IST = 10:30 UTC; Saturday, Sunday, then Monday 26 January is a holiday.
        TradingSession next = s_calendar.NextSession("NSE", new DateTimeOffset(2026, 1, 23, 10, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 1, 27), next.Day);
        Assert.Equal(new DateTimeOffset(2026, 1, 27, 3, 30, 0, TimeSpan.Zero), next.PreOpen); // 09:00 IST
        Assert.Equal(new DateTimeOffset(2026, 1, 27, 3, 45, 0, TimeSpan.Zero), next.Open);    // 09:15 IST
        Assert.Equal(new DateTimeOffset(2026, 1, 27, 10, 0, 0, TimeSpan.Zero), next.Close);   // 15:30 IST

        Assert.False(s_calendar.IsTradingDay("NSE", new DateOnly(2026, 1, 24)));
        Assert.False(s_calendar.IsTradingDay("NSE", new DateOnly(2026, 1, 26)));
        Assert.False(s_calendar.IsTradingDay("NFO", new DateOnly(2026, 1, 26))); // follows NSE
        Assert.True(s_calendar.IsTradingDay("BINANCE", new DateOnly(2026, 1, 24)));

        // During Friday's session the same session is returned.
        Assert.Equal(new DateOnly(2026, 1, 23), s_calendar.NextSession("NSE", new DateTimeOffset(2026, 1, 23, 5, 0, 0, TimeSpan.Zero)).Day);
    }

    [Fact]
    public void The_connect_window_opens_before_the_pre_open_and_closes_after_the_close()
    {
        (DateTimeOffset connect, DateTimeOffset disconnect) = s_calendar.ConnectWindow("NSE", new DateTimeOffset(2026, 1, 23, 10, 30, 0, TimeSpan.Zero), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10));
        Assert.Equal(new DateTimeOffset(2026, 1, 27, 3, 15, 0, TimeSpan.Zero), connect);     // 08:45 IST
        Assert.Equal(new DateTimeOffset(2026, 1, 27, 10, 10, 0, TimeSpan.Zero), disconnect); // 15:40 IST
    }

    [Fact]
    public void Mcx_closes_at_2355_in_us_winter_and_2330_from_the_monday_after_the_us_clock_change()
    {
        // US daylight time starts on Sunday 2026-03-08.
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 18, 25, 0, TimeSpan.Zero), s_calendar.SessionOn("MCX", new DateOnly(2026, 3, 6))!.Close);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 18, 0, 0, TimeSpan.Zero), s_calendar.SessionOn("MCX", new DateOnly(2026, 3, 9))!.Close);
        Assert.Null(s_calendar.SessionOn("MCX", new DateOnly(2026, 1, 26)));
    }

    [Fact]
    public void Session_bars_anchor_to_the_open_not_to_midnight_utc()
    {
        TradingSession session = s_calendar.SessionOn("NSE", new DateOnly(2026, 1, 27))!;
        TimeSpan hour = TimeSpan.FromHours(1);
        // 10:20 IST lies in the 10:15–11:15 bar; 15:29 IST in the last, 15:15 bar.
        Assert.Equal(new DateTimeOffset(2026, 1, 27, 4, 45, 0, TimeSpan.Zero), MarketCalendar.SessionBarStart(session, new DateTimeOffset(2026, 1, 27, 4, 50, 0, TimeSpan.Zero), hour));
        Assert.Equal(new DateTimeOffset(2026, 1, 27, 9, 45, 0, TimeSpan.Zero), MarketCalendar.SessionBarStart(session, new DateTimeOffset(2026, 1, 27, 9, 59, 0, TimeSpan.Zero), hour));
        // A pre-open print at 09:10 IST falls in the bar before the open (08:15).
        Assert.Equal(new DateTimeOffset(2026, 1, 27, 2, 45, 0, TimeSpan.Zero), MarketCalendar.SessionBarStart(session, new DateTimeOffset(2026, 1, 27, 3, 40, 0, TimeSpan.Zero), hour));

        TradingSession crypto = s_calendar.SessionOn("BINANCE", new DateOnly(2026, 1, 24))!;
        Assert.Equal(new DateTimeOffset(2026, 1, 24, 13, 0, 0, TimeSpan.Zero), MarketCalendar.SessionBarStart(crypto, new DateTimeOffset(2026, 1, 24, 13, 59, 0, TimeSpan.Zero), hour));
    }

    [Theory]
    [InlineData("{\"NSE\":[{\"date\":\"2026-13-01\"}]}", "NSE[0]: field 'date' must be a YYYY-MM-DD string")]
    [InlineData("{\"NSE\":[{\"day\":\"2026-01-26\"}]}", "NSE[0]: field 'date'")]
    [InlineData("{\"NSEX\":[]}", "'NSEX' is not an exchange")]
    [InlineData("{\"NSE\":{}}", "NSE: must be an array")]
    [InlineData("{\"NSE\":[", "not readable JSON")]
    [InlineData("{\"years\":2026,\"NSE\":[]}", "'years' must be an array")]
    [InlineData("{\"years\":[\"2026\"],\"NSE\":[]}", "'years': \"2026\" is not a year")]
    [InlineData("{\"years\":[2026],\"NSE\":[{\"date\":\"2027-01-26\"}]}", "NSE: 2027-01-26 lies outside the declared 'years' [2026]")]
    public void A_holiday_file_that_does_not_parse_names_the_exchange_and_field(string json, string expected)
    {
        string file = Path.Combine(Path.GetTempPath(), "llfeed-holidays-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, json);
        try
        {
            var error = Assert.Throws<HolidayFileException>(() => MarketCalendar.Load(file));
            Assert.Contains(file, error.Message);
            Assert.Contains(expected, error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_weekday_of_a_year_the_holiday_file_lacks_is_counted_warned_once_and_taken_as_trading()
    {
        var reported = new List<(string Exchange, int Year)>();
        MarketCalendar calendar = MarketCalendar.Load(ShippedHolidayFile(), refuseUnknownYears: false, (exchange, year) => reported.Add((exchange, year)));
        Assert.Equal([2026], calendar.YearsCovered("NSE"));
        Assert.Equal([2026], calendar.YearsCovered("NFO")); // follows NSE
        Assert.Equal([2026], calendar.YearsCovered("MCX"));

        // 2026 is covered: nothing counted. Republic Day 2027 (a Tuesday) is not in the file, so it is a plain weekday,
        // but the calendar says it does not know.
        Assert.False(calendar.IsTradingDay("NSE", new DateOnly(2026, 1, 26)));
        Assert.Equal(0, calendar.UnknownYearLookups);
        Assert.Empty(calendar.Warnings());
        Assert.True(calendar.IsTradingDay("NSE", new DateOnly(2027, 1, 26)));
        Assert.True(calendar.IsTradingDay("NSE", new DateOnly(2027, 1, 27)));
        Assert.True(calendar.IsTradingDay("MCX", new DateOnly(2027, 1, 26)));
        Assert.Equal(3, calendar.UnknownYearLookups);
        Assert.Equal([("NSE", 2027), ("MCX", 2027)], reported); // once per exchange and year
        List<string> warnings = calendar.Warnings();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("the holiday file has no MCX holidays for 2027 (1 lookup(s))", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("the holiday file has no NSE holidays for 2027 (2 lookup(s))", warnings[1], StringComparison.Ordinal);

        // A weekend needs no holiday list; crypto has none.
        Assert.False(calendar.IsTradingDay("NSE", new DateOnly(2027, 1, 30)));
        Assert.True(calendar.IsTradingDay("BINANCE", new DateOnly(2027, 1, 26)));
        Assert.Equal(3, calendar.UnknownYearLookups);

        // The next session across the new year: found (Friday 2027-01-01), and the lookup is counted.
        TradingSession next = calendar.NextSession("NSE", new DateTimeOffset(2026, 12, 31, 11, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2027, 1, 1), next.Day);
        Assert.Equal(4, calendar.UnknownYearLookups);
    }

    [Fact]
    public void A_calendar_that_refuses_unknown_years_names_the_exchange_the_year_and_the_years_it_has()
    {
        MarketCalendar calendar = MarketCalendar.Load(ShippedHolidayFile(), refuseUnknownYears: true, unknownYear: null);
        Assert.True(calendar.IsTradingDay("NSE", new DateOnly(2026, 1, 27)));
        var error = Assert.Throws<HolidayYearUnknownException>(() => calendar.IsTradingDay("NFO", new DateOnly(2027, 1, 27)));
        Assert.Equal("NFO", error.Exchange);
        Assert.Equal(2027, error.Year);
        Assert.Equal("the holiday file has no NFO holidays for 2027 (it covers 2026): add the exchange's published 2027 list to holidays.json", error.Message);
        Assert.Throws<HolidayYearUnknownException>(() => calendar.SessionOn("MCX", new DateOnly(2025, 12, 31)));
        Assert.Equal(2, calendar.UnknownYearLookups);
    }

    [Fact]
    public void Without_a_years_entry_each_exchange_covers_the_years_its_dates_fall_in()
    {
        var calendar = new MarketCalendar(new Dictionary<string, IReadOnlyCollection<DateOnly>> { ["NSE"] = [new DateOnly(2025, 12, 25), new DateOnly(2026, 1, 26)] });
        Assert.Equal([2025, 2026], calendar.YearsCovered("NSE"));
        Assert.Empty(calendar.YearsCovered("BSE"));
        Assert.True(calendar.IsTradingDay("NSE", new DateOnly(2026, 1, 27)));
        Assert.Equal(0, calendar.UnknownYearLookups);
        Assert.True(calendar.IsTradingDay("BSE", new DateOnly(2026, 1, 27)));
        Assert.Equal(1, calendar.UnknownYearLookups);
    }

    private static string ShippedHolidayFile()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string file = Path.Combine(directory.FullName, "native-config", "holidays.json");
            if (File.Exists(file))
            {
                return file;
            }
        }

        throw new FileNotFoundException("native-config/holidays.json not found above the test binaries");
    }
}
