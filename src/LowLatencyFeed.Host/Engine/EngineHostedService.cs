using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Runs the engine inside the generic host: started with the host, and on shutdown (Ctrl+C, SIGTERM, --duration)
/// stopped by draining the ring through every stage before the process exits. Optional companions (the demo's
/// simulator, the database) start before the engine and stop after it.
/// </summary>
public sealed class EngineHostedService : IHostedService
{
    private readonly FeedEngine _engine;
    private readonly IReadOnlyList<IEngineCompanion> _companions;
    private readonly ILogger<EngineHostedService> _logger;

    /// <summary>Creates the service.</summary>
    public EngineHostedService(FeedEngine engine, IEnumerable<IEngineCompanion> companions, ILogger<EngineHostedService> logger)
    {
        _engine = engine;
        _companions = [.. companions];
        _logger = logger;
    }

    /// <summary>How long shutdown waits for the ring to drain.</summary>
    public static TimeSpan DrainTimeout { get; } = TimeSpan.FromSeconds(25);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var companion in _companions)
        {
            await companion.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        _engine.Start();
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Stopping: draining the ring through every stage");
        bool drained = await _engine.StopAsync(DrainTimeout).ConfigureAwait(false);
        if (!drained)
        {
            _logger.LogError("The ring did not drain within {Timeout}", DrainTimeout);
        }

        for (int i = _companions.Count - 1; i >= 0; i--)
        {
            await _companions[i].StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
