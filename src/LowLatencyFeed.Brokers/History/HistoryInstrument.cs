using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.History;

/// <summary>What a broker's history call names an instrument by, and the scales its candles are converted to.</summary>
/// <param name="Broker">Whose history.</param>
/// <param name="Token">Kite instrument_token, Dhan SecurityId (Binance: unused).</param>
/// <param name="Symbol">Binance symbol (<c>BTCUSDT</c>); may be empty elsewhere.</param>
/// <param name="Segment">Dhan exchangeSegment (<c>NSE_EQ</c>); may be empty elsewhere.</param>
/// <param name="PriceDecimals">Scale of the price mantissas.</param>
/// <param name="QuantityDecimals">Scale of the volume mantissas.</param>
/// <param name="InstrumentType">Dhan's <c>instrument</c> (<c>EQUITY</c>, <c>INDEX</c>, <c>FUTIDX</c> …); default EQUITY.</param>
public sealed record HistoryInstrument(
    BrokerKind Broker,
    long Token,
    string Symbol,
    string Segment,
    int PriceDecimals,
    int QuantityDecimals,
    string InstrumentType = "EQUITY");
