using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Storage.Reference;

namespace LowLatencyFeed.Host.Masters;

/// <summary>A parsed master as rows of <c>llfeed.instrument_master</c>, produced one at a time as the COPY consumes them.</summary>
public static class MasterRows
{
    /// <summary>The rows of <paramref name="master"/>.</summary>
    public static IEnumerable<InstrumentMasterRow> From(InstrumentMaster master)
    {
        ArgumentNullException.ThrowIfNull(master);
        string broker = master.Broker.ToString();
        foreach (MasterInstrument instrument in master.Instruments)
        {
            yield return new InstrumentMasterRow
            {
                Broker = broker,
                ValidOn = master.ValidOn,
                BrokerKey = instrument.BrokerKey,
                FeedToken = instrument.FeedToken,
                Exchange = instrument.Exchange,
                Segment = instrument.Segment,
                Symbol = instrument.Symbol,
                BrokerSymbol = instrument.BrokerSymbol,
                Name = instrument.Name,
                Kind = instrument.Kind.ToString(),
                InstrumentType = instrument.InstrumentType,
                Expiry = instrument.Expiry,
                Strike = instrument.Strike,
                OptionType = instrument.OptionType,
                LotSize = instrument.LotSize,
                TickSize = instrument.TickSize,
                PriceDecimals = instrument.PriceDecimals,
                QuantityDecimals = instrument.QuantityDecimals,
                Tradable = instrument.Tradable,
            };
        }
    }
}
