using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Replay;

/// <summary>Discards derived events until <see cref="Open"/>, then forwards them (never opened: a sink that discards).</summary>
internal sealed class GatedDerivedEventSink : IDerivedEventSink
{
    private readonly IDerivedEventSink? _inner;
    private DerivedEvent _scratch;
    private bool _open;

    public GatedDerivedEventSink(IDerivedEventSink? inner) => _inner = inner;

    public void Open() => _open = _inner is not null;

    public ref DerivedEvent Claim()
    {
        if (_open)
        {
            return ref _inner!.Claim();
        }

        _scratch = default;
        return ref _scratch;
    }

    public void Publish()
    {
        if (_open)
        {
            _inner!.Publish();
        }
    }
}
