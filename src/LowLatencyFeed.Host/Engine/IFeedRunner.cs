using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Ring;

namespace LowLatencyFeed.Host.Engine;

/// <summary>One running broker connection as the engine sees it: run it into the ring, read its statistics.</summary>
public interface IFeedRunner
{
    /// <summary>Configured name.</summary>
    string Name { get; }

    /// <summary>Parse counters of the connection.</summary>
    FeedDiagnostics Diagnostics { get; }

    /// <summary>Reconnections so far.</summary>
    long Reconnects { get; }

    /// <summary>Whether the socket is open right now.</summary>
    bool IsConnected { get; }

    /// <summary>Publisher counters (published, dropped under fail-fast).</summary>
    PublisherStatistics Publisher { get; }

    /// <summary>Connects, reconnects and publishes into <paramref name="ring"/> until cancelled.</summary>
    Task RunAsync(RingBuffer<MarketEvent> ring, BackpressurePolicy policy, CancellationToken cancellationToken);
}
