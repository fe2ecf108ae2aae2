using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// Completes stored indicator rows with the bar stage's latest values (<see cref="IndicatorBoard"/>): the value of the
/// bar that closed last, when the database has not stored it yet, so a chart's indicator reaches "now" like its bars.
/// </summary>
public static class LiveIndicatorMerger
{
    /// <summary>
    /// Adds the latest live value of every configured indicator on <paramref name="timeframe"/> that
    /// <paramref name="name"/> selects (null: all) and that <paramref name="stored"/> lacks; keeps time, then label, order
    /// and the request's limit.
    /// </summary>
    public static void Merge(List<IndicatorRecord> stored, IndicatorBoard? board, RangeRequest range, TimeSpan timeframe, string? name)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(range);
        if (board is null)
        {
            return;
        }

        var instrument = new InstrumentId(range.Instrument.InstrumentId);
        bool added = false;
        for (int i = 0; i < board.Specs.Length; i++)
        {
            IndicatorSpec spec = board.Specs[i];
            if (spec.Timeframe != timeframe || !Selects(name, spec) || !board.TryRead(instrument, i, out DerivedHeader header, out IndicatorValues values))
            {
                continue;
            }

            IndicatorRecord record = ToRecord(in header, in values, spec.Label);
            if (record.Time < range.From || record.Time >= range.To || Contains(stored, record))
            {
                continue;
            }

            stored.Add(record);
            added = true;
        }

        if (!added)
        {
            return;
        }

        stored.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.Indicator, b.Indicator));
        if (stored.Count > range.Limit)
        {
            stored.RemoveRange(range.Newest ? 0 : range.Limit, stored.Count - range.Limit);
        }
    }

    /// <summary>Whether <paramref name="name"/> (a label such as <c>rsi(14)</c> or a bare name such as <c>rsi</c>) selects <paramref name="spec"/>.</summary>
    public static bool Selects(string? name, IndicatorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return name is null
            || string.Equals(name, spec.Label, StringComparison.Ordinal)
            || string.Equals(name, spec.Name, StringComparison.Ordinal);
    }

    /// <summary>A published value as an API record.</summary>
    public static IndicatorRecord ToRecord(in DerivedHeader header, in IndicatorValues values, string label) =>
        new(
            DateTimeOffset.UnixEpoch.AddTicks(values.BarStartTimeNs / 100),
            (int)(values.TimeframeNs / UnixTime.NanosPerSecond),
            label,
            values.Value1,
            values.ValueCount >= 2 ? values.Value2 : null,
            values.ValueCount >= 3 ? values.Value3 : null,
            values.HasExact ? values.Exact : null,
            (int)header.Flags,
            Stored: false,
            header.SourceSequence);

    private static bool Contains(List<IndicatorRecord> rows, IndicatorRecord record)
    {
        // Rows are in time order: the live value is at or near the end.
        for (int i = rows.Count - 1; i >= 0 && rows[i].Time >= record.Time; i--)
        {
            if (rows[i].Time == record.Time && string.Equals(rows[i].Indicator, record.Indicator, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
