using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>The non-level part of one spot <c>depthUpdate</c>.</summary>
/// <param name="FirstUpdateId"><c>U</c>, first update id in the event.</param>
/// <param name="FinalUpdateId"><c>u</c>, final update id in the event.</param>
/// <param name="ExchangeTimeNs">Event time <c>E</c>, Unix ns.</param>
/// <param name="ReceiveTimeNs">When the frame was received, Unix ns.</param>
/// <param name="Flags">Header flags for the published events.</param>
public readonly record struct BinanceDiff(long FirstUpdateId, long FinalUpdateId, long ExchangeTimeNs, long ReceiveTimeNs, EventFlags Flags = EventFlags.None);
