using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Books;

/// <summary>What accompanies the levels of a published book: metrics over the whole book, flags, time and scales.</summary>
public struct BookSnapshotInfo
{
    /// <summary>Metrics as the book stage computed them (over every level held).</summary>
    public BookMetricsValues Metrics;

    /// <summary>Exchange time of the last update applied, Unix ns.</summary>
    public long TimeNs;

    /// <summary>Journal sequence of the last update applied.</summary>
    public long Sequence;

    /// <summary>Levels held per side.</summary>
    public int BidCount;

    /// <summary>Levels held per side.</summary>
    public int AskCount;

    /// <summary><see cref="DerivedFlags"/> of the last update (crossed, one-sided, stale, inconsistent).</summary>
    public DerivedFlags Flags;

    /// <summary>Decimal places of prices.</summary>
    public byte PriceDecimals;

    /// <summary>Decimal places of quantities.</summary>
    public byte QuantityDecimals;

    /// <summary>Times the book stage published this book (0: never).</summary>
    public long Version;
}
