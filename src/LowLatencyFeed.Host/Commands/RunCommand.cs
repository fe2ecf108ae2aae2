using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;

namespace LowLatencyFeed.Host.Commands;

/// <summary><c>llfeed run --config FILE [--duration SECONDS]</c>: the engine against configured feeds.</summary>
public static class RunCommand
{
    /// <summary>Runs until Ctrl+C/SIGTERM or the duration.</summary>
    public static Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        string configPath = line.GetString("config") ?? throw new CommandLineException("run needs --config FILE");
        long seconds = line.GetInt64("duration", 0, 0, 31_536_000);
        line.RejectUnknownOptions();

        var options = ConfigurationLoader.Load(configPath, requireFeeds: true);
        return FeedHostRunner.RunAsync(
            options,
            (loggerFactory, slabs) => options.Source.IsJetStream
                ? [new JetStreamFeedRunner(options.Source.ToSourceOptions(new SecretResolver(options.SecretsFile)), slabs, loggerFactory)]
                : FeedFactory.Create(options, slabs, loggerFactory),
            [],
            seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
            output,
            cancellationToken);
    }
}
