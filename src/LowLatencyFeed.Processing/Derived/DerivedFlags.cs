namespace LowLatencyFeed.Processing.Derived;

/// <summary>Qualifiers of a derived event. Bars use the first group, book samples and signals the second.</summary>
[Flags]
public enum DerivedFlags : ushort
{
    /// <summary>No qualifier.</summary>
    None = 0,

    /// <summary>The bar's interval overlaps a feed gap (disconnect or stale feed until reconnect): trades may be missing.</summary>
    GapAffected = 1 << 0,

    /// <summary>A quiet-period bar: no tick in the interval, O=H=L=C = previous close, volume 0.</summary>
    Flat = 1 << 1,

    /// <summary>A bar re-emitted after a late trade changed it (<see cref="Bars.LateTradePolicy.ReviseLastClosed"/>); replaces the earlier row.</summary>
    Revised = 1 << 2,

    /// <summary>A bar emitted before its interval ended (<see cref="Bars.BarAggregator.FlushOpenBars"/>, e.g. end of a replay range).</summary>
    Partial = 1 << 3,

    /// <summary>The bar was built from index values: prices only, volume 0.</summary>
    PriceOnly = 1 << 4,

    /// <summary>A cumulative day volume went down inside this bar and was taken as a session reset.</summary>
    VolumeReset = 1 << 5,

    /// <summary>The bar was closed by a clock event (quiet instrument), not by a later trade.</summary>
    ClosedByClock = 1 << 6,

    /// <summary>Book: best bid ≥ best ask.</summary>
    Crossed = 1 << 8,

    /// <summary>Book: one side (or both) is empty; spread, mid and microprice are 0.</summary>
    OneSided = 1 << 9,

    /// <summary>Book: its feed session disconnected and no snapshot has arrived since.</summary>
    Stale = 1 << 10,

    /// <summary>Book: the update that produced this sample had unsorted, duplicate or negative levels (repaired).</summary>
    Inconsistent = 1 << 11,
}
