using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Processing.Common;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// Bar boundaries for one <see cref="TradingSession"/>. Zones without DST rules use a precomputed fixed offset
/// (pure arithmetic); others cache the current local day's UTC bounds and consult <see cref="TimeZoneInfo"/> only
/// when a time falls outside them (about once per day). Mutable cache: one instance per aggregator, one thread.
/// </summary>
internal sealed class SessionCalendar
{
    /// <summary>Nanoseconds in a nominal day; a timeframe of exactly this span is the session-day bar.</summary>
    public const long DayNs = 86_400L * UnixTime.NanosPerSecond;

    private readonly TimeZoneInfo _zone;
    private readonly long _anchorNs;
    private readonly bool _fixedOffset;
    private readonly long _offsetNs;
    private long _cachedStart = long.MaxValue;
    private long _cachedEnd = long.MinValue;

    public SessionCalendar(TradingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.IntradayAnchor < TimeSpan.Zero || session.IntradayAnchor >= TimeSpan.FromDays(1))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(session), "IntradayAnchor must be in [0, 1 day).");
        }

        Session = session;
        _zone = session.TimeZone;
        _anchorNs = session.IntradayAnchor.Ticks * 100;
        _fixedOffset = HasFixedOffset(_zone);
        _offsetNs = _zone.BaseUtcOffset.Ticks * 100;
    }

    public TradingSession Session { get; }

    /// <summary>The UTC bounds [start, end) of the local day containing <paramref name="timeNs"/>.</summary>
    public void GetDay(long timeNs, out long dayStartNs, out long dayEndNs)
    {
        if (_fixedOffset)
        {
            dayStartNs = (EventTime.FloorDiv(timeNs + _offsetNs, DayNs) * DayNs) - _offsetNs;
            dayEndNs = dayStartNs + DayNs;
            return;
        }

        if (timeNs < _cachedStart || timeNs >= _cachedEnd)
        {
            ComputeDay(timeNs);
        }

        dayStartNs = _cachedStart;
        dayEndNs = _cachedEnd;
    }

    /// <summary>The bar [start, end) of span <paramref name="spanNs"/> containing <paramref name="timeNs"/>.</summary>
    public void GetBucket(long timeNs, long spanNs, out long startNs, out long endNs)
    {
        GetDay(timeNs, out long dayStart, out long dayEnd);
        if (spanNs >= DayNs)
        {
            startNs = dayStart;
            endNs = dayEnd;
            return;
        }

        long anchor = dayStart + _anchorNs;
        long start = anchor + (EventTime.FloorDiv(timeNs - anchor, spanNs) * spanNs);
        long end = start + spanNs;
        startNs = start < dayStart ? dayStart : start;
        endNs = end > dayEnd ? dayEnd : end;
    }

    private static bool HasFixedOffset(TimeZoneInfo zone)
    {
        if (zone.BaseUtcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            return false;
        }

        // Historical rules (e.g. India's 1940s war time) only matter for those years; the cache handles any zone,
        // the arithmetic only zones that never change offset.
        return zone.GetAdjustmentRules().Length == 0;
    }

    private void ComputeDay(long timeNs)
    {
        DateTime utc = DateTime.UnixEpoch.AddTicks(EventTime.FloorDiv(timeNs, 100));
        DateTime local = TimeZoneInfo.ConvertTimeFromUtc(utc, _zone);
        DateTime date = DateTime.SpecifyKind(local.Date, DateTimeKind.Unspecified);
        long start = LocalToUnixNs(date);
        long end = LocalToUnixNs(date.AddDays(1));

        // A rule edge case (a transition exactly at midnight) must never leave the time outside its own day.
        if (timeNs < start || timeNs >= end || end <= start)
        {
            start = (EventTime.FloorDiv(timeNs + _offsetNs, DayNs) * DayNs) - _offsetNs;
            end = start + DayNs;
        }

        _cachedStart = start;
        _cachedEnd = end;
    }

    private long LocalToUnixNs(DateTime local)
    {
        // A midnight skipped by a DST jump starts the day at the first valid local time.
        int guard = 0;
        while (_zone.IsInvalidTime(local) && guard++ < 24 * 4)
        {
            local = local.AddMinutes(15);
        }

        // An ambiguous midnight (clocks going back over it) starts the day at its first occurrence: the larger offset.
        TimeSpan offset = _zone.GetUtcOffset(local);
        if (_zone.IsAmbiguousTime(local))
        {
            foreach (TimeSpan candidate in _zone.GetAmbiguousTimeOffsets(local))
            {
                if (candidate > offset)
                {
                    offset = candidate;
                }
            }
        }

        return (local.Ticks - offset.Ticks - DateTime.UnixEpoch.Ticks) * 100;
    }
}
