namespace LowLatencyFeed.Core.Events;

/// <summary>
/// Where parsers write: claim a slot, fill it in place, publish it. Implemented by the ring publisher
/// (as a struct, so generic parsers devirtualize the calls) and by test collectors.
/// </summary>
public interface IEventSink
{
    /// <summary>Claims the next slot, cleared to zero, so absent fields never carry a previous event's values.</summary>
    ref MarketEvent Claim();

    /// <summary>Publishes the slot returned by the last <see cref="Claim"/>.</summary>
    void Publish();
}
