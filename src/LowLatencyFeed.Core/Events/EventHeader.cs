using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Core.Events;

/// <summary>
/// The part of every event that is not payload: what it is, which instrument, both clocks and its journal sequence.
/// 40 bytes, so that header plus the largest payload fit a 256-byte ring slot.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct EventHeader
{
    /// <summary>Selects the payload.</summary>
    public EventKind Kind;

    /// <summary>The feed this event came from.</summary>
    public FeedKind Feed;

    /// <summary>Decimal places of every price in the payload: price = mantissa / 10^PriceDecimals.</summary>
    public byte PriceDecimals;

    /// <summary>Decimal places of every quantity in the payload (0 for Indian equities, 8 for most crypto).</summary>
    public byte QuantityDecimals;

    /// <summary>Qualifiers, see <see cref="EventFlags"/>.</summary>
    public EventFlags Flags;

    /// <summary>Which feed connection produced the event (several connections per broker are normal).</summary>
    public ushort SessionId;

    /// <summary>Stable instrument identity (feed + native token).</summary>
    public InstrumentId Instrument;

    /// <summary>Exchange (or broker) timestamp, Unix nanoseconds UTC.</summary>
    public long ExchangeTimeNs;

    /// <summary>When the frame carrying this event was received, Unix nanoseconds UTC from <see cref="Time.MonotonicClock"/>.</summary>
    public long ReceiveTimeNs;

    /// <summary>
    /// Journal sequence: equal to the ingress ring sequence live (the ring starts where the journal ended),
    /// preserved unchanged on replay. Every database row carries it.
    /// </summary>
    public long Sequence;
}
