using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>The batch channels of every stream, sized from <see cref="StorageOptions"/>.</summary>
public sealed class StorageChannels
{
    /// <summary>Allocates every stream's batch pool.</summary>
    public StorageChannels(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        int n = options.BatchesPerStream;
        Ticks = new BatchChannel<TickRow>(StorageStream.Ticks, n, options.BatchRows);
        Trades = new BatchChannel<TickRow>(StorageStream.Trades, n, options.BatchRows);
        Quotes = new BatchChannel<QuoteRow>(StorageStream.Quotes, n, options.BatchRows);
        Depth = new BatchChannel<DepthRow>(StorageStream.Depth, n, options.DepthBatchRows);
        Bars = new BatchChannel<DerivedEvent>(StorageStream.Bars, n, options.DerivedBatchRows);
        BookMetrics = new BatchChannel<DerivedEvent>(StorageStream.BookMetrics, n, options.DerivedBatchRows);
        Signals = new BatchChannel<DerivedEvent>(StorageStream.Signals, n, options.DerivedBatchRows);
        Indicators = new BatchChannel<DerivedEvent>(StorageStream.Indicators, n, options.DerivedBatchRows);
    }

    /// <summary>The options the pools were sized with.</summary>
    public StorageOptions Options { get; }

    /// <summary>Ticks.</summary>
    public BatchChannel<TickRow> Ticks { get; }

    /// <summary>Trades.</summary>
    public BatchChannel<TickRow> Trades { get; }

    /// <summary>Quotes.</summary>
    public BatchChannel<QuoteRow> Quotes { get; }

    /// <summary>Depth levels.</summary>
    public BatchChannel<DepthRow> Depth { get; }

    /// <summary>Bars.</summary>
    public BatchChannel<DerivedEvent> Bars { get; }

    /// <summary>Book metrics.</summary>
    public BatchChannel<DerivedEvent> BookMetrics { get; }

    /// <summary>Signals.</summary>
    public BatchChannel<DerivedEvent> Signals { get; }

    /// <summary>Indicator values.</summary>
    public BatchChannel<DerivedEvent> Indicators { get; }
}
