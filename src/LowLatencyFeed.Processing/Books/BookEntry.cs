using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;

namespace LowLatencyFeed.Processing.Books;

/// <summary>Per-instrument state of the book builder.</summary>
internal struct BookEntry
{
    public OrderBook Book;
    public SignalState Signal;
    public InstrumentId Instrument;
    public long LastSampleNs;
    public long LastUpdateNs;
    public ushort SessionId;
    public FeedKind Feed;
    public byte PriceDecimals;
    public byte QuantityDecimals;
    public bool HasSample;
    public bool Stale;

    /// <summary>This entry's slot on the snapshot board (null without a board).</summary>
    public object? Snapshot;

    /// <summary>Flags of the last update, published with the snapshot.</summary>
    public DerivedFlags LastFlags;

    /// <summary>Journal sequence of the last update.</summary>
    public long LastSequence;

    /// <summary>Position in the builder's tables.</summary>
    public int Index;

    /// <summary>Changed since the last <see cref="BookBuilder.PublishSnapshots"/>.</summary>
    public bool Dirty;
}
