using LowLatencyFeed.Processing.Bars;

namespace LowLatencyFeed.Research.Features;

/// <summary>
/// The session day of a time for one instrument: from local midnight of its <see cref="TradingSession"/> time zone
/// (Asia/Kolkata for the Indian feeds, UTC otherwise) to the next, the days the 1-day bars and VWAP use. Caches the
/// current day, so it is recomputed once a day and allocates nothing.
/// </summary>
internal sealed class SessionDay(TradingSession session)
{
    public const long DayNs = 86_400_000_000_000;

    private readonly TimeZoneInfo _zone = session.TimeZone;
    private long _start = long.MaxValue;
    private long _end = long.MinValue;

    public long StartOf(long timeNs)
    {
        if (timeNs < _start || timeNs >= _end)
        {
            DateTime utc = DateTime.UnixEpoch.AddTicks(timeNs / 100);
            DateTime local = TimeZoneInfo.ConvertTimeFromUtc(utc, _zone);
            DateTime midnight = DateTime.SpecifyKind(local.Date, DateTimeKind.Unspecified);
            _start = (TimeZoneInfo.ConvertTimeToUtc(midnight, _zone) - DateTime.UnixEpoch).Ticks * 100;
            DateTime nextMidnight = DateTime.SpecifyKind(local.Date.AddDays(1), DateTimeKind.Unspecified);
            _end = (TimeZoneInfo.ConvertTimeToUtc(nextMidnight, _zone) - DateTime.UnixEpoch).Ticks * 100;
        }

        return _start;
    }
}
