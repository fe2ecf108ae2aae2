using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Masters;

/// <summary>A master download that failed (HTTP status, broker error body, network): names the broker and the URL.</summary>
public sealed class MasterDownloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MasterDownloadException(BrokerKind broker, string url, string problem, Exception? inner = null)
        : base($"{broker} instrument master download from {url} failed: {problem}", inner)
    {
        Broker = broker;
    }

    /// <summary>The broker.</summary>
    public BrokerKind Broker { get; }
}
