using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>What the decoder needs to know about one subscribed scrip or index.</summary>
internal readonly struct KotakInstrument
{
    public KotakInstrument(InstrumentId id, byte priceDecimals, byte quantityDecimals, KotakPriceScale scale)
    {
        Id = id;
        PriceDecimals = priceDecimals;
        QuantityDecimals = quantityDecimals;
        QuantityScale = FixedPoint.Pow10(quantityDecimals);
        Scale = scale;
    }

    /// <summary>Engine instrument id.</summary>
    public InstrumentId Id { get; }

    /// <summary>Decimal places of price mantissas.</summary>
    public byte PriceDecimals { get; }

    /// <summary>Decimal places of quantity mantissas.</summary>
    public byte QuantityDecimals { get; }

    /// <summary>10^<see cref="QuantityDecimals"/>: wire quantities are whole units.</summary>
    public long QuantityScale { get; }

    /// <summary>Wire price → mantissa, for the exchange's divider at the time the table was built.</summary>
    public KotakPriceScale Scale { get; }
}
