using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>An instrument first seen in the event stream (or registered by the host with its symbol).</summary>
/// <param name="Instrument">The id.</param>
/// <param name="PriceDecimals">Price scale of its events.</param>
/// <param name="QuantityDecimals">Quantity scale of its events.</param>
/// <param name="FirstSeenNs">Exchange time of its first event, Unix ns.</param>
/// <param name="FirstSequence">Journal sequence of its first event.</param>
/// <param name="Symbol">Symbol, when known.</param>
public sealed record InstrumentRow(InstrumentId Instrument, byte PriceDecimals, byte QuantityDecimals, long FirstSeenNs, long FirstSequence, string? Symbol)
{
    /// <summary>The row of an event's instrument.</summary>
    public static InstrumentRow From(in EventHeader header) =>
        new(header.Instrument, header.PriceDecimals, header.QuantityDecimals, header.ExchangeTimeNs, header.Sequence, null);
}
