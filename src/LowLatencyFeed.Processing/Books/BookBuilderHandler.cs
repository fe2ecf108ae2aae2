using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;
using LowLatencyFeed.Ring.Processing;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Processing.Books;

/// <summary>
/// The book builder's ring consumer: hands every event to a <see cref="BookBuilder"/>. Sampling never depends on batch
/// boundaries (they differ between live and replay), so output depends only on the events and their order.
/// </summary>
public sealed class BookBuilderHandler : IEventHandler<MarketEvent>
{
    /// <summary>Wraps an existing builder (replay can drive the same builder directly).</summary>
    public BookBuilderHandler(BookBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Builder = builder;
    }

    /// <summary>Creates the builder too.</summary>
    public BookBuilderHandler(BookOptions options, SignalOptions? signals, IDerivedEventSink sink, DepthSlabPool? slabs = null, ILogger? logger = null)
        : this(new BookBuilder(options, signals, sink, slabs, logger))
    {
    }

    /// <summary>The engine.</summary>
    public BookBuilder Builder { get; }

    /// <summary>Depth updates applied.</summary>
    public long Updates => Builder.Updates;

    /// <summary>Updates after which the book was crossed.</summary>
    public long CrossedBooks => Builder.CrossedBooks;

    /// <summary>Updates with inconsistent levels.</summary>
    public long InconsistentUpdates => Builder.InconsistentUpdates;

    /// <summary>Metrics samples published.</summary>
    public long SamplesEmitted => Builder.SamplesEmitted;

    /// <summary>Signals published.</summary>
    public long SignalsEmitted => Builder.SignalsEmitted;

    /// <summary>Depth events rejected.</summary>
    public long RejectedUpdates => Builder.RejectedUpdates;

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch) => Builder.OnEvent(in data);

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence) => Builder.PublishSnapshots();

    /// <inheritdoc />
    public void OnTimeout(long sequence)
    {
        // Signal persistence completes on clock events in the ring, never on this thread's wall clock (determinism).
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
    }
}
