using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Research.Features;

/// <summary>
/// The bar a feature row belongs to: what labels and scoring need besides the features (prices as mantissas at
/// <see cref="PriceDecimals"/>).
/// </summary>
public readonly record struct FeatureRow(
    InstrumentId Instrument,
    long BarStartNs,
    long BarEndNs,
    long SourceSequence,
    long SourceExchangeTimeNs,
    long SourceReceiveTimeNs,
    long Open,
    long High,
    long Low,
    long Close,
    byte PriceDecimals,
    byte QuantityDecimals,
    ushort SessionId,
    bool Complete);
