using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// <c>indicators</c>: the configured indicators' values as their bars close, the columns of <c>llfeed.indicators</c>;
/// <c>time</c> is the bar's start, <c>indicator</c> the label (<c>rsi(14)</c>), <c>value2</c>/<c>value3</c> null for
/// one-output indicators, <c>exact_value</c> (SMA, WMA, OBV, VWAP) rounded to 18 decimals, else null.
/// </summary>
internal sealed class IndicatorBuffer : KeyedTableBuffer
{
    private const int ExactScale = 18;

    private readonly StringColumn _timeframe;
    private readonly Int64Column _timeframeSeconds;
    private readonly StringColumn _indicator;
    private readonly DoubleColumn _value;
    private readonly DoubleColumn _value2;
    private readonly DoubleColumn _value3;
    private readonly ExactColumn _exact;
    private readonly Int32Column _flags;
    private readonly Dictionary<(long, byte), string> _labels = [];
    private readonly Dictionary<long, string> _timeframes = [];

    public IndicatorBuffer(int capacity, InstrumentLabels labels)
        : base(capacity, labels)
    {
        _timeframe = Add(new StringColumn("timeframe", capacity));
        _timeframeSeconds = Add(new Int64Column("timeframe_seconds", capacity));
        _indicator = Add(new StringColumn("indicator", capacity));
        _value = Add(new DoubleColumn("value", capacity));
        _value2 = Add(new DoubleColumn("value2", capacity));
        _value3 = Add(new DoubleColumn("value3", capacity));
        _exact = Add(new ExactColumn("exact_value", capacity));
        _flags = Add(new Int32Column("flags", capacity));
    }

    public bool TryAdd(in DerivedEvent e)
    {
        ref readonly DerivedHeader h = ref e.Header;
        ref readonly IndicatorValues v = ref e.Indicator;
        int row = Begin(v.BarStartTimeNs, h.Instrument, h.SourceSequence);
        if (!_timeframes.TryGetValue(v.TimeframeNs, out string? timeframe))
        {
            timeframe = TimeframeNames.Of(v.TimeframeNs);
            _timeframes.Add(v.TimeframeNs, timeframe);
        }

        if (!_labels.TryGetValue((v.TimeframeNs, v.SpecIndex), out string? label))
        {
            label = IndicatorLabels.Of(in v);
            _labels.Add((v.TimeframeNs, v.SpecIndex), label);
        }

        _timeframe.Values[row] = timeframe;
        _timeframeSeconds.Values[row] = v.TimeframeNs / 1_000_000_000;
        _indicator.Values[row] = label;
        _value.Values[row] = v.ValueCount >= 1 ? v.Value1 : null;
        _value2.Values[row] = v.ValueCount >= 2 ? v.Value2 : null;
        _value3.Values[row] = v.ValueCount >= 3 ? v.Value3 : null;
        _exact.Values[row] = v.HasExact ? decimal.Round(v.Exact, ExactScale, MidpointRounding.AwayFromZero) : null;
        _flags.Values[row] = (int)h.Flags;
        Commit();
        return true;
    }

    /// <summary>DECIMAL(38, 18) holding an already-rounded decimal.</summary>
    private sealed class ExactColumn(string name, int capacity) : ParquetColumn(new Parquet.Schema.DecimalDataField(name, 38, ExactScale, true))
    {
        public readonly decimal?[] Values = new decimal?[capacity];

        public override Task WriteAsync(Parquet.ParquetRowGroupWriter group, int count) =>
            group.WriteAsync(Field, new ReadOnlyMemory<decimal?>(Values, 0, count));
    }
}
