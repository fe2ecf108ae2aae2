using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>What the HSM decoder needs to know about the instrument behind a topic.</summary>
internal readonly struct KotakHsmInstrument
{
    public KotakHsmInstrument(InstrumentId id, byte priceDecimals, byte quantityDecimals, bool configured)
    {
        Id = id;
        PriceDecimals = priceDecimals;
        QuantityDecimals = quantityDecimals;
        QuantityScale = FixedPoint.Pow10(quantityDecimals);
        Configured = configured;
    }

    /// <summary>Engine instrument id.</summary>
    public InstrumentId Id { get; }

    /// <summary>Decimal places of price mantissas (configured instruments; others take theirs from the topic's precision).</summary>
    public byte PriceDecimals { get; }

    /// <summary>Decimal places of quantity mantissas.</summary>
    public byte QuantityDecimals { get; }

    /// <summary>10^<see cref="QuantityDecimals"/>: wire quantities are whole units.</summary>
    public long QuantityScale { get; }

    /// <summary>True for a subscribed instrument; false for one published only because unknown instruments are.</summary>
    public bool Configured { get; }
}
