using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
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
}
