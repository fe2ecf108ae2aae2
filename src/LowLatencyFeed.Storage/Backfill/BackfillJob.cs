namespace LowLatencyFeed.Storage.Backfill;

/// <summary>One backfill: which broker's candles, for which instrument and timeframe, at which scales.</summary>
/// <param name="Broker">The broker's name as stored in <c>llfeed.backfill_progress</c> (<c>kite</c>, <c>dhan</c>, <c>binance</c>).</param>
/// <param name="InstrumentId">The engine's instrument id (the bars' <c>instrument_id</c>).</param>
/// <param name="TimeframeSeconds">The bars' length.</param>
/// <param name="PriceDecimals">Scale of the price mantissas.</param>
/// <param name="QuantityDecimals">Scale of the volume mantissas.</param>
public sealed record BackfillJob(string Broker, long InstrumentId, int TimeframeSeconds, int PriceDecimals, int QuantityDecimals);
