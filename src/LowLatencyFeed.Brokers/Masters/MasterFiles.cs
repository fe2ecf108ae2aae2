using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Masters;

/// <summary>Parses a broker's downloaded master files (one for Kite, Dhan and Binance, one per segment for Kotak).</summary>
public static class MasterFiles
{
    /// <summary>The instruments in <paramref name="files"/>; throws <see cref="InstrumentMasterFormatException"/> on a bad file.</summary>
    public static List<MasterInstrument> Parse(BrokerKind broker, IEnumerable<string> files)
    {
        var instruments = new List<MasterInstrument>();
        foreach (string file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            string source = Path.GetFileName(file);
            switch (broker)
            {
                case BrokerKind.Kite:
                    new KiteInstrumentParser().Parse(stream, source, instruments);
                    break;
                case BrokerKind.Dhan:
                    new DhanScripMasterParser().Parse(stream, source, instruments);
                    break;
                case BrokerKind.Kotak:
                    new KotakScripMasterParser().Parse(stream, source, instruments);
                    break;
                case BrokerKind.Binance:
                    new BinanceExchangeInfoParser().Parse(stream, source, instruments);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(broker), broker, "unknown broker");
            }
        }

        return instruments;
    }
}
