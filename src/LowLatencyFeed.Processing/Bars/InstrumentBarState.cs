using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>Per-instrument facts shared by all its timeframes.</summary>
internal struct InstrumentBarState
{
    public InstrumentId Instrument;
    public long LastCumulativeVolume;
    public long LatestTimeNs;
    public int CalendarIndex;
    public ushort SessionId;
    public FeedKind Feed;
    public byte PriceDecimals;
    public byte QuantityDecimals;
    public bool HasCumulativeVolume;

    /// <summary>Position in the aggregator's tables.</summary>
    public int Index;

    /// <summary>Changed since the last <see cref="BarAggregator.PublishOpenBars"/>.</summary>
    public bool Dirty;
}
