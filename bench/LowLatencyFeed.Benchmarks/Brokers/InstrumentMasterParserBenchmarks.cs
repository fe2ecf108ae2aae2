using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Simulator.Rest;

namespace LowLatencyFeed.Benchmarks.Brokers;

/// <summary>
/// Parsing one broker's instrument master of about <see cref="Rows"/> rows (the simulator's generator, each broker's
/// real format), reported per row, so the mean is the time per row (rows/s = 1 / mean) and "Allocated" the bytes per
/// row: our streaming parsers (pooled buffer, span fields, cached repeated strings, Utf8JsonReader) against a typical
/// client's baseline — the whole file as one string, split into lines and fields, a dictionary per row (CSV, like
/// Python's <c>csv.DictReader</c>), or the whole JSON as a <see cref="JsonDocument"/> (Binance). Both produce the same
/// normalised rows; the baseline keeps only what it needs to look fields up, so the comparison is the reading strategy.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class InstrumentMasterParserBenchmarks
{
    /// <summary>Generated rows per file (the few named rows of each master come on top, well under 0.1 %).</summary>
    public const int Rows = 20_000;

    private byte[] _file = [];
    private readonly List<MasterInstrument> _parsed = new(Rows + 64);

    /// <summary>The broker whose format is parsed.</summary>
    [Params("Kite", "Dhan", "Kotak", "Binance")]
    public string Broker { get; set; } = "Kite";

    [GlobalSetup]
    public void Setup()
    {
        string text = Broker switch
        {
            "Kite" => SimulatedMasterFiles.Kite(Rows, SimulatedMasterFault.None),
            "Dhan" => SimulatedMasterFiles.Dhan(Rows, SimulatedMasterFault.None),
            "Kotak" => SimulatedMasterFiles.Kotak("nse_cm-v1.csv", Rows, SimulatedMasterFault.None),
            _ => SimulatedMasterFiles.BinanceExchangeInfo(Rows, SimulatedMasterFault.None),
        };
        _file = Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Read everything into strings first, then look fields up by name.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public int WholeFileSplitBaseline()
    {
        using var reader = new StreamReader(new MemoryStream(_file, writable: false), Encoding.UTF8);
        string text = reader.ReadToEnd();
        int count = 0;
        if (Broker == "Binance")
        {
            using JsonDocument document = JsonDocument.Parse(text);
            foreach (JsonElement symbol in document.RootElement.GetProperty("symbols").EnumerateArray())
            {
                string name = symbol.GetProperty("symbol").GetString()!;
                foreach (JsonElement filter in symbol.GetProperty("filters").EnumerateArray())
                {
                    if (filter.GetProperty("filterType").GetString() == "PRICE_FILTER")
                    {
                        count += decimal.Parse(filter.GetProperty("tickSize").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0 && name.Length > 0 ? 1 : 0;
                    }
                }
            }

            return count;
        }

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] header = lines[0].Split(',');
        for (int i = 1; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            var row = new Dictionary<string, string>(header.Length);
            for (int f = 0; f < header.Length && f < fields.Length; f++)
            {
                row[header[f].Trim().TrimEnd(';')] = fields[f];
            }

            count += row.Count;
        }

        return count;
    }

    /// <summary>Our parser over the stream, into normalised rows.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int StreamingParser()
    {
        _parsed.Clear();
        using var stream = new MemoryStream(_file, writable: false);
        switch (Broker)
        {
            case "Kite":
                new KiteInstrumentParser().Parse(stream, "bench", _parsed);
                break;
            case "Dhan":
                new DhanScripMasterParser().Parse(stream, "bench", _parsed);
                break;
            case "Kotak":
                new KotakScripMasterParser().Parse(stream, "bench", _parsed);
                break;
            default:
                new BinanceExchangeInfoParser().Parse(stream, "bench", _parsed);
                break;
        }

        return _parsed.Count;
    }
}
