using LowLatencyFeed.Brokers.Masters;

namespace LowLatencyFeed.Brokers.Tests;

/// <summary>The daily master download time in IST (UTC+05:30), worked out by hand.</summary>
public sealed class MasterSyncScheduleTests
{
    [Theory]
    // 08:00 IST = 02:30 UTC.
    [InlineData("2026-01-02T01:00:00Z", "2026-01-02T02:30:00Z")] // before today's run
    [InlineData("2026-01-02T02:30:00Z", "2026-01-03T02:30:00Z")] // exactly at the run: the next one is tomorrow
    [InlineData("2026-01-02T20:00:00Z", "2026-01-03T02:30:00Z")] // 01:30 IST on the 3rd: the IST day already turned
    [InlineData("2026-01-02T18:29:59Z", "2026-01-03T02:30:00Z")] // 23:59:59 IST on the 2nd
    public void Next_run_is_the_next_0800_ist(string now, string expected)
    {
        var schedule = MasterSyncSchedule.Parse("08:00");
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_trading_day_is_the_ist_calendar_day()
    {
        Assert.Equal(new DateOnly(2026, 1, 2), MasterSyncSchedule.IstDay(new DateTimeOffset(2026, 1, 2, 18, 29, 59, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 1, 3), MasterSyncSchedule.IstDay(new DateTimeOffset(2026, 1, 2, 18, 30, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("8:00")]
    [InlineData("24:00")]
    [InlineData("08:00 IST")]
    [InlineData("")]
    public void A_time_that_is_not_hh_mm_is_refused_naming_it(string text)
    {
        var error = Assert.Throws<FormatException>(() => MasterSyncSchedule.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }
}
