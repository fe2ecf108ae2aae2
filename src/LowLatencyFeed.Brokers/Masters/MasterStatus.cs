using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Masters;

/// <summary>What a sync left in place: the master in use, and the warning when today's download failed.</summary>
/// <param name="Broker">The broker.</param>
/// <param name="Master">The master in use (today's, or the newest cached one after a failure); null when none exists.</param>
/// <param name="Warning">Why today's download is not in use; null when it is.</param>
/// <param name="Failure">What failed: the download (HTTP, network, broker error) or the file's format (bad input).</param>
public sealed record MasterStatus(BrokerKind Broker, InstrumentMaster? Master, string? Warning, MasterFailure Failure = MasterFailure.None)
{
    /// <summary>True when a master is in use but it is not today's.</summary>
    public bool IsStale => Warning is not null;
}
