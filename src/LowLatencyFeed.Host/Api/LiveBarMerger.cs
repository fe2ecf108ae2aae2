using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Processing.Bars;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// Completes stored bars with the bar stage's view: the last closed bar when the database has not stored it yet, and
/// the open bar, so a chart never has a hole at "now".
/// </summary>
public static class LiveBarMerger
{
    /// <summary>Appends the live bars of <paramref name="range"/>'s instrument to <paramref name="stored"/> (ascending).</summary>
    public static void Merge(List<BarRecord> stored, OpenBarBoard board, RangeRequest range, int timeframe)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(range);
        if (!board.TryRead(new InstrumentId(range.Instrument.InstrumentId), timeframe, out BarSnapshot open, out BarSnapshot closed, out InstrumentScales scales))
        {
            return;
        }

        int seconds = (int)board.Timeframes[timeframe].TotalSeconds;
        Append(stored, in closed, scales, seconds, isClosed: true, range);
        Append(stored, in open, scales, seconds, isClosed: false, range);
        if (range.Newest && stored.Count > range.Limit)
        {
            stored.RemoveRange(0, stored.Count - range.Limit);
        }
    }

    /// <summary>A bar snapshot as an API record at the instrument's scales.</summary>
    public static BarRecord ToRecord(in BarSnapshot bar, InstrumentScales scales, int timeframeSeconds, bool isClosed)
    {
        int pd = scales.PriceDecimals;
        int qd = scales.QuantityDecimals;
        decimal? vwap = bar.Volume > 0 ? FixedPoint.ToDecimal(bar.Vwap, pd) : null;
        return new BarRecord(
            DateTimeOffset.UnixEpoch.AddTicks(bar.StartTimeNs / 100),
            timeframeSeconds,
            FixedPoint.ToDecimal(bar.Open, pd),
            FixedPoint.ToDecimal(bar.High, pd),
            FixedPoint.ToDecimal(bar.Low, pd),
            FixedPoint.ToDecimal(bar.Close, pd),
            FixedPoint.ToDecimal(bar.Volume, qd),
            FixedPoint.ToDecimal(bar.Turnover, pd + qd),
            vwap,
            (int)bar.TradeCount,
            bar.Flags,
            isClosed,
            null);
    }

    private static void Append(List<BarRecord> bars, in BarSnapshot bar, InstrumentScales scales, int seconds, bool isClosed, RangeRequest range)
    {
        if (!bar.Present)
        {
            return;
        }

        BarRecord record = ToRecord(in bar, scales, seconds, isClosed);
        if (record.Time < range.From || record.Time >= range.To)
        {
            return;
        }

        if (bars.Count > 0 && bars[^1].Time >= record.Time)
        {
            // Stored already (the database wins for closed bars: it carries the sequence).
            return;
        }

        if (!range.Newest && bars.Count >= range.Limit)
        {
            return;
        }

        bars.Add(record);
    }
}
