using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Hosts an engine in the .NET generic host with Kestrel serving <c>/metrics</c> (Prometheus) and <c>/health</c>,
/// prints live figures, and stops on Ctrl+C/SIGTERM or after an optional duration, draining the ring first.
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
        using var setupLogging = LoggerFactory.Create(logging => logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        }));
        using var database = DatabaseSetup.Open(options, setupLogging.CreateLogger("LowLatencyFeed.Database"));
        await status.WriteLineAsync($"llfeed: database: {database.Description}").ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.MetricsUrl);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = EngineHostedService.DrainTimeout + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(provider =>
        {
            var loggerFactory = provider.GetRequiredService<ILoggerFactory>();
            return new FeedEngine(EngineSettings.From(options), slabs => createFeeds(loggerFactory, slabs), loggerFactory, database.ConnectionString);
        });
        foreach (var companion in companions)
        {
            builder.Services.AddSingleton(provider => companion(provider.GetRequiredService<ILoggerFactory>()));
        }

        builder.Services.AddHostedService<EngineHostedService>();
        builder.Services.AddSingleton(provider => new EngineMetrics(provider.GetRequiredService<FeedEngine>()));

        await using var app = builder.Build();
        var metrics = app.Services.GetRequiredService<EngineMetrics>();
        var engine = app.Services.GetRequiredService<FeedEngine>();
        BusMetrics.Register(metrics.Registry, engine);
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/health", () => Results.Json(HealthReport.From(engine)));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.MetricsUrl;
        await status.WriteLineAsync($"llfeed: metrics at {address.TrimEnd('/')}/metrics, health at {address.TrimEnd('/')}/health; data under {Path.GetFullPath(options.DataDirectory)}").ConfigureAwait(false);
        foreach (var stage in engine.Stages)
        {
            await status.WriteLineAsync($"llfeed: stage {stage.Name}: {(stage.IsStandIn ? "stand-in (counts events only; its issue has not landed)" : "active")}").ConfigureAwait(false);
        }

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
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
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await status.WriteLineAsync(reporter.Line(TimeSpan.Zero, TimeSpan.FromSeconds(1)).Replace("[    0s]", "[final]", StringComparison.Ordinal)).ConfigureAwait(false);
        return 0;
    }
}
