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
