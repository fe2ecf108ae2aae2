using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Runs a <see cref="FeedHost"/> (engine, <c>/metrics</c>, <c>/health</c>, the HTTP API), prints live figures, and
/// stops on Ctrl+C/SIGTERM or after an optional duration, draining the ring first.
/// </summary>
public static class FeedHostRunner
{
    /// <summary>Runs until stopped; returns the process exit code.</summary>
    public static async Task<int> RunAsync(
        FeedHostOptions options,
        Func<ILoggerFactory, DepthSlabPool, IReadOnlyList<IFeedRunner>> createFeeds,
        IReadOnlyList<Func<ILoggerFactory, IEngineCompanion>> companions,
        TimeSpan? duration,
        TextWriter status,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(status);
        await using var host = await FeedHost.StartAsync(options, createFeeds, companions, cancellationToken).ConfigureAwait(false);
        var engine = host.Engine;
        await status.WriteLineAsync($"llfeed: database: {host.DatabaseDescription}").ConfigureAwait(false);
        await status.WriteLineAsync($"llfeed: metrics at {host.Address}/metrics, health at {host.Address}/health; data under {Path.GetFullPath(options.DataDirectory)}").ConfigureAwait(false);
        await status.WriteLineAsync($"llfeed: API at {host.ApiAddress}/api (reference {host.ApiAddress}/api/reference, OpenAPI {host.ApiAddress}/openapi/v1.json)").ConfigureAwait(false);
        await status.WriteLineAsync($"llfeed: dashboard at {host.ApiAddress}/").ConfigureAwait(false);
        foreach (var stage in engine.Stages)
        {
            await status.WriteLineAsync($"llfeed: stage {stage.Name}: {(stage.IsStandIn ? "stand-in (counts events only; its issue has not landed)" : "active")}").ConfigureAwait(false);
        }

        var lifetime = host.App.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, cancellationToken);
        var reporter = new StatusReporter(engine, status);
        var reporting = reporter.RunAsync(TimeSpan.FromSeconds(1), stopping.Token);
        try
        {
            if (duration is { } limit)
            {
                await Task.Delay(limit, stopping.Token).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await reporting.ConfigureAwait(false);
        await host.StopAsync().ConfigureAwait(false);
        await status.WriteLineAsync(reporter.Line(TimeSpan.Zero, TimeSpan.FromSeconds(1)).Replace("[    0s]", "[final]", StringComparison.Ordinal)).ConfigureAwait(false);
        return 0;
    }
}
