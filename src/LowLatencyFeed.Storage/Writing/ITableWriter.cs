using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>The non-generic face of a table writer thread (one per storage stream).</summary>
internal interface ITableWriter
{
    StorageStream Stream { get; }

    void Start();

    void RequestStop(DateTime drainDeadlineUtc);

    bool Join(TimeSpan timeout);
}
