using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed migrate [--config FILE] [--database CONNECTION] [--data-dir DIR]</c>: applies the schema migrations
/// (idempotent; a database at a newer schema version is refused). The host also migrates at every start.
/// </summary>
public static class MigrateCommand
{
    /// <summary>Exit 0 when the schema is current, 2 for configuration or database errors.</summary>
    public static int Run(CommandLine line, TextWriter output)
    {
        string? config = line.GetString("config");
        string? database = line.GetString("database");
        string? dataDirectory = line.GetString("data-dir");
        line.RejectUnknownOptions();

        var options = config is null ? new FeedHostOptions() : ConfigurationLoader.Load(config, requireFeeds: false);
        if (database is not null)
        {
            options.Database.ConnectionString = database;
        }

        if (dataDirectory is not null)
        {
            options.DataDirectory = dataDirectory;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        using var setup = DatabaseSetup.Open(options, loggerFactory.CreateLogger("LowLatencyFeed.Database"));
        if (setup.ConnectionString is null)
        {
            output.WriteLine($"llfeed migrate: nothing to migrate ({setup.Description})");
            return 2;
        }

        output.WriteLine($"llfeed migrate: schema is current in {setup.Description}");
        return 0;
    }
}
