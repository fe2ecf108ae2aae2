using LowLatencyFeed.Processing.Bars;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Bars;

public sealed class SessionCalendarTests
{
    private static long Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        (new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) * 100;

    [Fact]
    public void India_days_start_at_1830_utc()
    {
        var calendar = new SessionCalendar(TradingSession.India);
        calendar.GetDay(Utc(2024, 7, 3, 10), out long start, out long end);
        Assert.Equal(Utc(2024, 7, 2, 18, 30), start);
        Assert.Equal(Utc(2024, 7, 3, 18, 30), end);

        calendar.GetDay(Utc(2024, 7, 3, 18, 30), out start, out _);
        Assert.Equal(Utc(2024, 7, 3, 18, 30), start);
    }

    [Fact]
    public void Utc_days_start_at_midnight_including_before_1970()
    {
        var calendar = new SessionCalendar(TradingSession.Utc);
        calendar.GetDay(Utc(1969, 12, 31, 23, 59), out long start, out long end);
        Assert.Equal(Utc(1969, 12, 31), start);
        Assert.Equal(0, end);
    }

    [Fact]
    public void Dst_days_are_23_and_25_hours_and_the_cache_follows_jumps_between_days()
    {
        var calendar = new SessionCalendar(new TradingSession(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), TimeSpan.Zero));
        calendar.GetDay(Utc(2024, 3, 10, 16), out long start, out long end);
        Assert.Equal(Utc(2024, 3, 10, 5), start);
        Assert.Equal(Utc(2024, 3, 11, 4), end);
        Assert.Equal(23 * Hour, end - start);

        calendar.GetDay(Utc(2024, 11, 3, 16), out start, out end);
        Assert.Equal(Utc(2024, 11, 3, 4), start);
        Assert.Equal(25 * Hour, end - start);

        calendar.GetDay(Utc(2024, 3, 10, 16), out long again, out _);
        Assert.Equal(Utc(2024, 3, 10, 5), again);

        // Hourly buckets follow the local day: the last one of a 25-hour day still ends at local midnight.
        calendar.GetBucket(Utc(2024, 11, 4, 4, 30), Hour, out long bucketStart, out long bucketEnd);
        Assert.Equal(Utc(2024, 11, 4, 4), bucketStart);
        Assert.Equal(Utc(2024, 11, 4, 5), bucketEnd);
    }

    [Fact]
    public void Anchor_out_of_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionCalendar(TradingSession.Utc with { IntradayAnchor = TimeSpan.FromHours(24) }));
    }
}
