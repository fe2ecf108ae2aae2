using System.Globalization;
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

    private readonly RowFileOutput _output;
    private readonly DerivedFormatting _names;

    public BarFileWriter(string path, ReplayOutputFormat format, DerivedFormatting names)
    {
        _names = names;
        _output = new RowFileOutput(path, format, CsvHeader);
    }

    public void Write(ref readonly DerivedEvent bar)
    {
        ref readonly DerivedHeader h = ref bar.Header;
        ref readonly BarValues b = ref bar.Bar;
        int prices = h.PriceDecimals;
        int quantities = h.QuantityDecimals;
        decimal turnover = Turnover(b.Turnover, prices + quantities);
        if (_output.IsCsv)
        {
            CsvLineBuilder line = _output.StartCsvRow();
            line.Add(_names.Instrument(h.Instrument));
            line.Add(h.Instrument.Value);
            line.Add(_names.Timeframe(b.TimeframeNs));
            line.Add(DerivedFormatting.Time(b.StartTimeNs));
            line.Add(DerivedFormatting.Time(b.EndTimeNs));
            line.AddFixed(b.Open, prices);
            line.AddFixed(b.High, prices);
            line.AddFixed(b.Low, prices);
            line.AddFixed(b.Close, prices);
            line.AddFixed(b.Volume, quantities);
            line.Add(b.TradeCount);
            line.AddFixed(b.Vwap, prices);
            line.Add(turnover.ToString(CultureInfo.InvariantCulture));
            line.Add(_names.Flags(h.Flags));
            line.Add(h.SourceSequence);
            line.Add(h.SourceExchangeTimeNs);
            line.Add(h.SourceReceiveTimeNs);
            _output.EndCsvRow();
            return;
        }

        Utf8JsonWriter json = _output.StartJsonRow();
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
        _output.EndJsonRow();
    }

    public void Dispose() => _output.Dispose();

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
