using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Storage.CatchUp;

/// <summary>
/// Builds fresh processing engines (bar builder, book builder…) configured like the live ones, publishing into
/// <paramref name="sink"/> and reading deep depth levels from <paramref name="depthSlabs"/>. Catch-up runs them over
/// the journal to rebuild derived rows.
/// </summary>
public delegate IReadOnlyList<IEventHandler<MarketEvent>> DerivedEngineFactory(IDerivedEventSink sink, DepthSlabPool depthSlabs);
