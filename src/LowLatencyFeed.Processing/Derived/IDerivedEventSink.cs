namespace LowLatencyFeed.Processing.Derived;

/// <summary>
/// Where the builders publish: claim a slot, fill it in place, publish it. The host plugs in
/// <see cref="RingDerivedEventSink"/> (one per producing consumer thread); tests and replay tools use
/// <see cref="DerivedEventBuffer"/>.
/// </summary>
public interface IDerivedEventSink
{
    /// <summary>Claims the next slot, cleared to zero.</summary>
    ref DerivedEvent Claim();

    /// <summary>Publishes the slot returned by the last <see cref="Claim"/>.</summary>
    void Publish();
}
