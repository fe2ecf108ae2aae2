namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// The previous record's timestamps inside a block: records store their times as deltas from it, which leaves the
/// high bytes zero and lets LZ4 find far more matches than absolute Unix-nanosecond values would. Reset per block.
/// </summary>
public struct RecordTimeBase
{
    /// <summary>Exchange time of the previous record.</summary>
    public long ExchangeTimeNs;

    /// <summary>Receive time of the previous record.</summary>
    public long ReceiveTimeNs;
}
