using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Protocols.Common;

/// <summary>Fills the header every parser writes the same way; a zero exchange time falls back to the receive time.</summary>
public static class EventStamp
{
    /// <summary>Stamps <paramref name="header"/> for an event of <paramref name="instrument"/> on <paramref name="feed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Header(
        ref EventHeader header,
        EventKind kind,
        FeedKind feed,
        InstrumentId instrument,
        byte priceDecimals,
        byte quantityDecimals,
        ushort sessionId,
        EventFlags flags,
        long receiveTimeNs,
        long exchangeTimeNs)
    {
        header.Kind = kind;
        header.Feed = feed;
        header.PriceDecimals = priceDecimals;
        header.QuantityDecimals = quantityDecimals;
        header.SessionId = sessionId;
        header.Instrument = instrument;
        header.ReceiveTimeNs = receiveTimeNs;
        if (exchangeTimeNs != 0)
        {
            header.ExchangeTimeNs = exchangeTimeNs;
            header.Flags = flags;
        }
        else
        {
            header.ExchangeTimeNs = receiveTimeNs;
            header.Flags = flags | EventFlags.ExchangeTimeFromReceive;
        }
    }
}
