using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Journal.Tools;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Replay;

/// <summary>
/// Writes book metric samples: instrument, time and source sequence, best bid/ask and their quantities, spread, mid,
/// microprice, totals, level counts, one imbalance column per configured window, flags.
/// </summary>
internal sealed class MetricsFileWriter : IDisposable
{
    private readonly RowFileOutput _output;
    private readonly DerivedFormatting _names;
    private readonly string[] _windowNames;

    public MetricsFileWriter(string path, ReplayOutputFormat format, IReadOnlyList<int> windowDepths, DerivedFormatting names)
    {
        _names = names;
        _windowNames = new string[windowDepths.Count];
        for (int i = 0; i < _windowNames.Length; i++)
        {
            _windowNames[i] = DerivedFormatting.WindowName(windowDepths[i]);
        }

        _output = new RowFileOutput(path, format, CsvHeader);
    }

    public string CsvHeader => "instrument,instrument_id,time,source_sequence,best_bid,best_ask,best_bid_quantity,best_ask_quantity,spread,mid,microprice,total_bid_quantity,total_ask_quantity,bid_levels,ask_levels,"
        + string.Join(',', _windowNames) + (_windowNames.Length > 0 ? "," : string.Empty) + "flags";

    public void Write(ref readonly DerivedEvent sample)
    {
        ref readonly DerivedHeader h = ref sample.Header;
        ref readonly BookMetricsValues m = ref sample.Metrics;
        int prices = h.PriceDecimals;
        int quantities = h.QuantityDecimals;
        int windows = Math.Min(m.WindowCount, _windowNames.Length);
        if (_output.IsCsv)
        {
            CsvLineBuilder line = _output.StartCsvRow();
            line.Add(_names.Instrument(h.Instrument));
            line.Add(h.Instrument.Value);
            line.Add(DerivedFormatting.Time(h.SourceExchangeTimeNs));
            line.Add(h.SourceSequence);
            line.AddFixed(m.BestBid, prices);
            line.AddFixed(m.BestAsk, prices);
            line.AddFixed(m.BestBidQuantity, quantities);
            line.AddFixed(m.BestAskQuantity, quantities);
            line.AddFixed(m.Spread, prices);
            line.AddFixed(m.Mid, prices + 1);
            line.AddFixed(m.MicropriceMantissa, prices);
            line.AddFixed(m.TotalBidQuantity, quantities);
            line.AddFixed(m.TotalAskQuantity, quantities);
            line.Add(m.BidLevels);
            line.Add(m.AskLevels);
            for (int i = 0; i < _windowNames.Length; i++)
            {
                if (i < windows)
                {
                    line.Add(m.Windows[i].Imbalance.ToString("R", CultureInfo.InvariantCulture));
                }
                else
                {
                    line.Empty();
                }
            }

            line.Add(_names.Flags(h.Flags));
            _output.EndCsvRow();
            return;
        }

        Utf8JsonWriter json = _output.StartJsonRow();
        json.WriteString("instrument", _names.Instrument(h.Instrument));
        json.WriteNumber("instrument_id", h.Instrument.Value);
        json.WriteString("time", DerivedFormatting.Time(h.SourceExchangeTimeNs));
        json.WriteNumber("source_sequence", h.SourceSequence);
        json.WriteNumber("best_bid", FixedPoint.ToDecimal(m.BestBid, prices));
        json.WriteNumber("best_ask", FixedPoint.ToDecimal(m.BestAsk, prices));
        json.WriteNumber("best_bid_quantity", FixedPoint.ToDecimal(m.BestBidQuantity, quantities));
        json.WriteNumber("best_ask_quantity", FixedPoint.ToDecimal(m.BestAskQuantity, quantities));
        json.WriteNumber("spread", FixedPoint.ToDecimal(m.Spread, prices));
        json.WriteNumber("mid", FixedPoint.ToDecimal(m.Mid, prices + 1));
        json.WriteNumber("microprice", FixedPoint.ToDecimal(m.MicropriceMantissa, prices));
        json.WriteNumber("total_bid_quantity", FixedPoint.ToDecimal(m.TotalBidQuantity, quantities));
        json.WriteNumber("total_ask_quantity", FixedPoint.ToDecimal(m.TotalAskQuantity, quantities));
        json.WriteNumber("bid_levels", m.BidLevels);
        json.WriteNumber("ask_levels", m.AskLevels);
        for (int i = 0; i < windows; i++)
        {
            json.WriteNumber(_windowNames[i], m.Windows[i].Imbalance);
        }

        json.WriteString("flags", _names.Flags(h.Flags));
        _output.EndJsonRow();
    }

    public void Dispose() => _output.Dispose();
}
