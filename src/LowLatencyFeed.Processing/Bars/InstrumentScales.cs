namespace LowLatencyFeed.Processing.Bars;

/// <summary>Where an instrument's slots are on a board and the decimal places of its prices and quantities.</summary>
public readonly record struct InstrumentScales(int Index, byte PriceDecimals, byte QuantityDecimals);
