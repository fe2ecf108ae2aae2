namespace LowLatencyFeed.Benchmarks.Streaming;

/// <summary>
/// The stream harness's N clients, wherever they run: in the harness's own process (<see cref="StreamLoadClients"/>) or
/// in a child process standing in for remote machines (<see cref="StreamClientsProcess"/>).
/// </summary>
internal interface IStreamLoadClients : IAsyncDisposable
{
    /// <summary>Stops reading and returns what the clients received since they subscribed.</summary>
    Task<StreamClientCounts> StopAsync();
}
