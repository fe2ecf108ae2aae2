using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;

namespace LowLatencyFeed.Host.Masters;

/// <summary>
/// The bar session of each instrument from the instrument masters' exchange column (Processing/README.md "Sessions by
/// exchange segment"): an MCX or currency contract on a Kite, Dhan or Kotak feed anchors at 09:00 IST, its NSE
/// neighbours at 09:15.
/// </summary>
public static class MasterSessions
{
    /// <summary>The map of every row of <paramref name="masters"/>, keyed by the feed's instrument id.</summary>
    public static ExchangeSessionMap From(IEnumerable<InstrumentMaster> masters)
    {
        ArgumentNullException.ThrowIfNull(masters);
        return new ExchangeSessionMap(Rows(masters));
    }

    private static IEnumerable<KeyValuePair<InstrumentId, string>> Rows(IEnumerable<InstrumentMaster> masters)
    {
        foreach (InstrumentMaster master in masters)
        {
            FeedKind feed = master.Broker switch
            {
                BrokerKind.Kite => FeedKind.Kite,
                BrokerKind.Dhan => FeedKind.Dhan,
                BrokerKind.Kotak => FeedKind.Kotak,
                _ => FeedKind.Binance,
            };
            foreach (MasterInstrument instrument in master.Instruments)
            {
                yield return new(InstrumentId.From(feed, instrument.FeedToken), instrument.Exchange);
            }
        }
    }
}
