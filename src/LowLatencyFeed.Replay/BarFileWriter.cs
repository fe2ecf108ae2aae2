using System.Globalization;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Journal.Tools;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Replay;

/// <summary>
/// Writes bars, one row (CSV) or object (JSONL) per published bar: instrument, timeframe, start, end, open, high, low,
/// close, volume, trade count, VWAP, turnover, flags and the source event. Prices are exact decimals.
/// </summary>
internal sealed class BarFileWriter : IDisposable
{
    public const string CsvHeader = "instrument,instrument_id,timeframe,start,end,open,high,low,close,volume,trade_count,vwap,turnover,flags,source_sequence,source_exchange_time_ns,source_receive_time_ns";

    private readonly ReplayOutputFormat _format;
    private readonly FileStream _stream;
    private readonly StreamWriter? _text;
    private readonly Utf8JsonWriter? _json;
    private readonly CsvLineBuilder _line = new();
    private readonly DerivedFormatting _names;

    public BarFileWriter(string path, ReplayOutputFormat format, DerivedFormatting names)
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

    public void Write(ref readonly DerivedEvent bar)
    {
        ref readonly DerivedHeader h = ref bar.Header;
        ref readonly BarValues b = ref bar.Bar;
        int prices = h.PriceDecimals;
        int quantities = h.QuantityDecimals;
        decimal turnover = Turnover(b.Turnover, prices + quantities);
        if (_format == ReplayOutputFormat.Csv)
        {
            _line.Clear();
            _line.Add(_names.Instrument(h.Instrument));
            _line.Add(h.Instrument.Value);
            _line.Add(_names.Timeframe(b.TimeframeNs));
            _line.Add(DerivedFormatting.Time(b.StartTimeNs));
            _line.Add(DerivedFormatting.Time(b.EndTimeNs));
            _line.AddFixed(b.Open, prices);
            _line.AddFixed(b.High, prices);
            _line.AddFixed(b.Low, prices);
            _line.AddFixed(b.Close, prices);
            _line.AddFixed(b.Volume, quantities);
            _line.Add(b.TradeCount);
            _line.AddFixed(b.Vwap, prices);
            _line.Add(turnover.ToString(CultureInfo.InvariantCulture));
            _line.Add(_names.Flags(h.Flags));
            _line.Add(h.SourceSequence);
            _line.Add(h.SourceExchangeTimeNs);
            _line.Add(h.SourceReceiveTimeNs);
            _line.WriteTo(_text!);
            return;
        }

        Utf8JsonWriter json = _json!;
        json.WriteStartObject();
        json.WriteString("instrument", _names.Instrument(h.Instrument));
        json.WriteNumber("instrument_id", h.Instrument.Value);
        json.WriteString("timeframe", _names.Timeframe(b.TimeframeNs));
        json.WriteString("start", DerivedFormatting.Time(b.StartTimeNs));
        json.WriteString("end", DerivedFormatting.Time(b.EndTimeNs));
        json.WriteNumber("open", FixedPoint.ToDecimal(b.Open, prices));
        json.WriteNumber("high", FixedPoint.ToDecimal(b.High, prices));
        json.WriteNumber("low", FixedPoint.ToDecimal(b.Low, prices));
        json.WriteNumber("close", FixedPoint.ToDecimal(b.Close, prices));
        json.WriteNumber("volume", FixedPoint.ToDecimal(b.Volume, quantities));
        json.WriteNumber("trade_count", b.TradeCount);
        json.WriteNumber("vwap", FixedPoint.ToDecimal(b.Vwap, prices));
        json.WriteNumber("turnover", turnover);
        json.WriteString("flags", _names.Flags(h.Flags));
        json.WriteNumber("source_sequence", h.SourceSequence);
        json.WriteNumber("source_exchange_time_ns", h.SourceExchangeTimeNs);
        json.WriteNumber("source_receive_time_ns", h.SourceReceiveTimeNs);
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

    private static decimal Turnover(Int128 value, int decimals)
    {
        // Σ price × quantity can exceed decimal's 96 bits only in absurd cases; keep the row and saturate rather than fail.
        try
        {
            return FixedPoint.ToDecimal(value, Math.Min(decimals, 28));
        }
        catch (OverflowException)
        {
            return value < 0 ? decimal.MinValue : decimal.MaxValue;
        }
    }
}
