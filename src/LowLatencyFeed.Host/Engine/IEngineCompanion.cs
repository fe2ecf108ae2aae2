namespace LowLatencyFeed.Host.Engine;

/// <summary>Something that must run before the engine starts and stop after it (the demo simulator, a private database).</summary>
public interface IEngineCompanion
{
    /// <summary>Starts before the engine.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops after the engine drained.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
