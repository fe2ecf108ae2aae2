using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Journal.Tools;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Replay;

/// <summary>
/// Writes indicator values, one row (CSV) or object (JSONL) each: instrument, timeframe, bar start and end, indicator
/// label, the exact value (SMA, WMA, OBV, VWAP; empty otherwise), the outputs (round-trip doubles: the bits live
/// computed), the bar's flags and the source event.
/// </summary>
internal sealed class IndicatorFileWriter : IDisposable
{
    public const string CsvHeader = "instrument,instrument_id,timeframe,start,end,indicator,exact_value,value,value2,value3,flags,source_sequence";

    private readonly RowFileOutput _output;
    private readonly DerivedFormatting _names;

    public IndicatorFileWriter(string path, ReplayOutputFormat format, DerivedFormatting names)
    {
        _names = names;
        _output = new RowFileOutput(path, format, CsvHeader);
    }

    public void Write(ref readonly DerivedEvent e)
    {
        ref readonly DerivedHeader h = ref e.Header;
        ref readonly IndicatorValues v = ref e.Indicator;
        string label = IndicatorLabels.Of(in v);
        if (_output.IsCsv)
        {
            CsvLineBuilder line = _output.StartCsvRow();
            line.Add(_names.Instrument(h.Instrument));
            line.Add(h.Instrument.Value);
            line.Add(_names.Timeframe(v.TimeframeNs));
            line.Add(DerivedFormatting.Time(v.BarStartTimeNs));
            line.Add(DerivedFormatting.Time(v.BarEndTimeNs));
            line.Add(label);
            line.Add(v.HasExact ? v.Exact.ToString(CultureInfo.InvariantCulture) : "");
            line.Add(Double(v.Value1));
            line.Add(v.ValueCount >= 2 ? Double(v.Value2) : "");
            line.Add(v.ValueCount >= 3 ? Double(v.Value3) : "");
            line.Add(_names.Flags(h.Flags));
            line.Add(h.SourceSequence);
            _output.EndCsvRow();
            return;
        }

        Utf8JsonWriter json = _output.StartJsonRow();
        json.WriteString("instrument", _names.Instrument(h.Instrument));
        json.WriteNumber("instrument_id", h.Instrument.Value);
        json.WriteString("timeframe", _names.Timeframe(v.TimeframeNs));
        json.WriteString("start", DerivedFormatting.Time(v.BarStartTimeNs));
        json.WriteString("end", DerivedFormatting.Time(v.BarEndTimeNs));
        json.WriteString("indicator", label);
        if (v.HasExact)
        {
            json.WriteNumber("exact_value", v.Exact);
        }

        json.WriteNumber("value", v.Value1);
        if (v.ValueCount >= 2)
        {
            json.WriteNumber("value2", v.Value2);
        }

        if (v.ValueCount >= 3)
        {
            json.WriteNumber("value3", v.Value3);
        }

        json.WriteString("flags", _names.Flags(h.Flags));
        json.WriteNumber("source_sequence", h.SourceSequence);
        _output.EndJsonRow();
    }

    public void Dispose() => _output.Dispose();

    private static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
