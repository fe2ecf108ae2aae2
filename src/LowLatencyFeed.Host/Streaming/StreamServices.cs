using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Signals;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>What a stream session reads: the two stream stages, instruments, live books, and what a replay needs.</summary>
/// <param name="Hub">The market stream stage (clients register here).</param>
/// <param name="Derived">The derived channels.</param>
/// <param name="Catalog">Resolves instrument names.</param>
/// <param name="Books">The live book stage's board (depth messages).</param>
/// <param name="JournalDirectory">Where replays read.</param>
/// <param name="Bars">The live bar stage's settings (replays compute the same bars).</param>
/// <param name="BookOptions">The live book stage's settings.</param>
/// <param name="Signals">The live signal rule; null when signals are off.</param>
/// <param name="Indicators">The live indicators (replays compute the same values); null when none are configured.</param>
public sealed record StreamServices(
    StreamHub Hub,
    DerivedStreamChannels Derived,
    InstrumentCatalog Catalog,
    BookSnapshotBoard Books,
    string JournalDirectory,
    BarOptions Bars,
    BookOptions BookOptions,
    SignalOptions? Signals,
    Processing.Indicators.IndicatorOptions? Indicators = null);
