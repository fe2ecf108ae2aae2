using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// A derived-event sink that discards while the live engines are warmed up from the journal (their derived rows for
/// journaled events are the catch-up's job, and the derived ring is not running yet), then forwards to the real sink.
/// </summary>
internal sealed class WarmUpDerivedEventSink : IDerivedEventSink
{
    private readonly IDerivedEventSink _inner;
    private DerivedEvent _scratch;
    private bool _discarding = true;

    public WarmUpDerivedEventSink(IDerivedEventSink inner) => _inner = inner;

    /// <summary>Forwards every later event to the real sink (call once, before the engines' ring consumers start).</summary>
    public void GoLive() => _discarding = false;

    /// <inheritdoc />
    public ref DerivedEvent Claim()
    {
        if (!_discarding)
        {
            return ref _inner.Claim();
        }

        _scratch = default;
        return ref _scratch;
    }

    /// <inheritdoc />
    public void Publish()
    {
        if (!_discarding)
        {
            _inner.Publish();
        }
    }
}
