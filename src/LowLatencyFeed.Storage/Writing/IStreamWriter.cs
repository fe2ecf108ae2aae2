using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>The non-generic face of a stream writer thread.</summary>
internal interface IStreamWriter
{
    StorageStream Stream { get; }

    void Start();

    void RequestStop(DateTime drainDeadlineUtc);

    bool Join(TimeSpan timeout);
}
