using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>The non-generic face of a table writer thread (one per storage stream).</summary>
internal interface ITableWriter
{
    StorageStream Stream { get; }

    /// <summary>True when the writer last looked and found nothing to write or catch up (no batch queued, no drop to repair).</summary>
    bool IsIdle { get; }

    void Start();

    void RequestStop(DateTime drainDeadlineUtc);

    bool Join(TimeSpan timeout);
}
