using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>What the decoder needs to know about one subscribed (segment, security id).</summary>
internal readonly struct DhanInstrument
{
    private const double MaxMantissa = 9.0e18;

    public DhanInstrument(InstrumentId id, byte priceDecimals, byte quantityDecimals)
    {
        Id = id;
        PriceDecimals = priceDecimals;
        QuantityDecimals = quantityDecimals;
        PriceScale = FixedPoint.Pow10(priceDecimals);
        PriceLimit = MaxMantissa / PriceScale;
        QuantityScale = FixedPoint.Pow10(quantityDecimals);
    }

    /// <summary>Engine instrument id.</summary>
    public InstrumentId Id { get; }

    /// <summary>Decimal places of price mantissas.</summary>
    public byte PriceDecimals { get; }

    /// <summary>Decimal places of quantity mantissas.</summary>
    public byte QuantityDecimals { get; }

    /// <summary>10^<see cref="PriceDecimals"/> as a double, the float-to-mantissa factor.</summary>
    public double PriceScale { get; }

    /// <summary>Largest wire price magnitude whose mantissa fits a long; NaN and infinities fail the comparison too.</summary>
    public double PriceLimit { get; }

    /// <summary>10^<see cref="QuantityDecimals"/>: wire quantities are whole units.</summary>
    public long QuantityScale { get; }
}
