using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// The hook between the bar stage and the indicators: wraps the bar stage's sink, forwards every event unchanged, and
/// after each bar runs <see cref="IndicatorEngine"/>, whose values follow the bar into the same sink (so on the derived
/// ring an indicator value always comes after its bar, with the bar's source sequence). The bar code is untouched:
/// give the aggregator this sink instead of the inner one. One instance per producing thread.
/// </summary>
public sealed class IndicatorStageSink : IDerivedEventSink
{
    private readonly IDerivedEventSink _inner;
    private DerivedEvent _pending;

    /// <summary>Wraps <paramref name="inner"/>; the engine must publish into <paramref name="inner"/> too.</summary>
    public IndicatorStageSink(IDerivedEventSink inner, IndicatorEngine engine)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(engine);
        _inner = inner;
        Engine = engine;
    }

    /// <summary>Creates the engine too, publishing into <paramref name="inner"/>.</summary>
    public static IndicatorStageSink Create(IDerivedEventSink inner, IndicatorOptions options, Func<Core.Instruments.InstrumentId, Bars.TradingSession>? sessionResolver = null, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        new(inner, new IndicatorEngine(options, inner, sessionResolver, logger));

    /// <summary>The indicators.</summary>
    public IndicatorEngine Engine { get; }

    /// <inheritdoc />
    public ref DerivedEvent Claim()
    {
        _pending = default;
        return ref _pending;
    }

    /// <inheritdoc />
    public void Publish()
    {
        _inner.Claim() = _pending;
        _inner.Publish();
        Engine.OnDerived(in _pending);
    }
}
