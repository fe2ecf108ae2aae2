namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>An instrument as Dhan requests name it: exchange segment and security id.</summary>
/// <param name="Segment">Exchange segment.</param>
/// <param name="SecurityId">Security id (sent as a JSON string).</param>
public readonly record struct DhanInstrumentRef(DhanExchangeSegment Segment, uint SecurityId);
