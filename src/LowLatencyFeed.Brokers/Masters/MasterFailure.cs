namespace LowLatencyFeed.Brokers.Masters;

/// <summary>Why a master sync did not publish today's master (Brokers/README.md §3).</summary>
public enum MasterFailure
{
    /// <summary>Today's master is in use.</summary>
    None,

    /// <summary>The download failed: HTTP status, broker error reply, network, a body that broke off.</summary>
    Download,

    /// <summary>The file arrived but is bad input: truncated, a changed header, a row or value that does not parse.</summary>
    Format,
}
