using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Host.Masters;

/// <summary>Per-broker counts of master syncs, read by the metrics before each scrape.</summary>
public sealed class MasterCounters
{
    private readonly long[] _published = new long[Count];
    private readonly long[] _downloadFailures = new long[Count];
    private readonly long[] _formatFailures = new long[Count];
    private readonly long[] _storeFailures = new long[Count];
    private readonly long[] _rows = new long[Count];
    private readonly long[] _reports = new long[Count];

    private static int Count => Enum.GetValues<BrokerKind>().Length;

    /// <summary>Syncs that published a new day.</summary>
    public long Published(BrokerKind broker) => Volatile.Read(ref _published[(int)broker]);

    /// <summary>Syncs whose download failed (HTTP, network, broker refusal).</summary>
    public long DownloadFailures(BrokerKind broker) => Volatile.Read(ref _downloadFailures[(int)broker]);

    /// <summary>Syncs whose file was bad input (truncated, changed header, bad row or value).</summary>
    public long FormatFailures(BrokerKind broker) => Volatile.Read(ref _formatFailures[(int)broker]);

    /// <summary>Masters that could not be written to <c>llfeed.instrument_master</c>.</summary>
    public long StoreFailures(BrokerKind broker) => Volatile.Read(ref _storeFailures[(int)broker]);

    /// <summary>Rows of the master in use.</summary>
    public long Rows(BrokerKind broker) => Volatile.Read(ref _rows[(int)broker]);

    /// <summary>Configured instruments reported after a re-resolve (expired, no longer listed, token changed).</summary>
    public long ResolveReports(BrokerKind broker) => Volatile.Read(ref _reports[(int)broker]);

    internal void CountPublished(BrokerKind broker) => Interlocked.Increment(ref _published[(int)broker]);

    internal void CountDownloadFailure(BrokerKind broker) => Interlocked.Increment(ref _downloadFailures[(int)broker]);

    internal void CountFormatFailure(BrokerKind broker) => Interlocked.Increment(ref _formatFailures[(int)broker]);

    internal void CountStoreFailure(BrokerKind broker) => Interlocked.Increment(ref _storeFailures[(int)broker]);

    internal void SetRows(BrokerKind broker, long rows) => Volatile.Write(ref _rows[(int)broker], rows);

    internal void CountReports(BrokerKind broker, int reports) => Interlocked.Add(ref _reports[(int)broker], reports);
}
