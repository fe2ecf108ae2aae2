using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>
/// <c>llfeed.indicators</c>: one row per indicator and bar, keyed like the bars (instrument, timeframe, bar start) plus
/// the indicator's label; upserted (DO NOTHING: a value of a final bar never changes).
/// </summary>
internal readonly struct IndicatorFormat : ITableFormat<DerivedEvent>
{
    public static StorageStream Stream => StorageStream.Indicators;

    public static string Columns => "time, instrument_id, timeframe_seconds, indicator, seq, exact_value, value, value2, value3, flags";

    public static short FieldCount => 10;

    public static string? DistinctOn => "instrument_id, timeframe_seconds, indicator, time";

    public static string? Conflict => "(instrument_id, timeframe_seconds, indicator, time) DO NOTHING";

    public static long Sequence(in DerivedEvent row) => row.Header.SourceSequence;

    public static long TimeNs(in DerivedEvent row) => row.Indicator.BarStartTimeNs;

    public static void Write(BinaryCopyBuffer w, in DerivedEvent row)
    {
        ref readonly IndicatorValues v = ref row.Indicator;
        w.Timestamp(v.BarStartTimeNs);
        w.Bigint(row.Header.Instrument.Value);
        w.Integer((int)(v.TimeframeNs / UnixTime.NanosPerSecond));
        Span<char> label = stackalloc char[IndicatorLabels.MaxLength];
        w.Text(label[..IndicatorLabels.Format(in v, label)]);
        w.Bigint(row.Header.SourceSequence);
        if (v.HasExact)
        {
            w.Decimal(v.Exact);
        }
        else
        {
            w.Null();
        }

        w.Double(v.Value1);
        DoubleOrNull(w, v.ValueCount >= 2, v.Value2);
        DoubleOrNull(w, v.ValueCount >= 3, v.Value3);
        w.Integer((int)row.Header.Flags);
    }

    private static void DoubleOrNull(BinaryCopyBuffer w, bool present, double value)
    {
        if (present)
        {
            w.Double(value);
        }
        else
        {
            w.Null();
        }
    }
}
