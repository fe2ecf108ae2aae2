using System.Globalization;
using System.Text;
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

    private readonly ReplayOutputFormat _format;
    private readonly FileStream _stream;
    private readonly StreamWriter? _text;
    private readonly Utf8JsonWriter? _json;
    private readonly CsvLineBuilder _line = new();
    private readonly DerivedFormatting _names;

    public IndicatorFileWriter(string path, ReplayOutputFormat format, DerivedFormatting names)
    {
        _format = format;
        _names = names;
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        if (format == ReplayOutputFormat.Csv)
        {
            _text = new StreamWriter(_stream, new UTF8Encoding(false), 1 << 16);
            _text.Write(CsvHeader);
            _text.Write('\n');
        }
        else
        {
            _json = new Utf8JsonWriter(_stream);
        }
    }

    public void Write(ref readonly DerivedEvent e)
    {
        ref readonly DerivedHeader h = ref e.Header;
        ref readonly IndicatorValues v = ref e.Indicator;
        string label = IndicatorLabels.Of(in v);
        if (_format == ReplayOutputFormat.Csv)
        {
            _line.Clear();
            _line.Add(_names.Instrument(h.Instrument));
            _line.Add(h.Instrument.Value);
            _line.Add(_names.Timeframe(v.TimeframeNs));
            _line.Add(DerivedFormatting.Time(v.BarStartTimeNs));
            _line.Add(DerivedFormatting.Time(v.BarEndTimeNs));
            _line.Add(label);
            _line.Add(v.HasExact ? v.Exact.ToString(CultureInfo.InvariantCulture) : "");
            _line.Add(Double(v.Value1));
            _line.Add(v.ValueCount >= 2 ? Double(v.Value2) : "");
            _line.Add(v.ValueCount >= 3 ? Double(v.Value3) : "");
            _line.Add(_names.Flags(h.Flags));
            _line.Add(h.SourceSequence);
            _line.WriteTo(_text!);
            return;
        }

        Utf8JsonWriter json = _json!;
        json.WriteStartObject();
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
        json.WriteEndObject();
        json.Flush();
        _stream.WriteByte((byte)'\n');
        json.Reset();
    }

    public void Dispose()
    {
        _text?.Dispose();
        _json?.Dispose();
        _stream.Dispose();
    }

    private static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
