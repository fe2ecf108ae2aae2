using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Simulation;
using LowLatencyFeed.Host.Soak;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed soak [--rate N] [--protocols kite,dhan,kotak] [--kills N] [--outages N] [--interval-ms MS] [--outage-ms MS]
/// [--seed S] [--no-signals] [--dir DIR --keep]</c>: SIGKILLs and database outages under load, then database == journal == sent. Exit 1
/// when anything was lost, duplicated or differs.
/// </summary>
public static class SoakCommand
{
    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        string[] protocols = (line.GetString("protocols") ?? "kite,dhan,kotak").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string protocol in protocols)
        {
            if (!SimulatedFeedConfig.Protocols.Contains(protocol))
            {
                throw new CommandLineException($"unknown protocol '{protocol}' (one of: {string.Join(", ", SimulatedFeedConfig.Protocols)})");
            }
        }

        var options = new SoakOptions
        {
            Rate = line.GetInt64("rate", 20_000, 1, 1_000_000),
            Protocols = protocols,
            Kills = (int)line.GetInt64("kills", 20, 0, 10_000),
            Outages = (int)line.GetInt64("outages", 20, 0, 10_000),
            RunBetweenCycles = TimeSpan.FromMilliseconds(line.GetInt64("interval-ms", 2000, 0, 3_600_000)),
            OutageLength = TimeSpan.FromMilliseconds(line.GetInt64("outage-ms", 2000, 0, 3_600_000)),
            Seed = line.GetInt64("seed", 42),
            Signals = !line.GetSwitch("no-signals"),
            Directory = line.GetString("dir"),
            Keep = line.GetSwitch("keep"),
        };
        line.RejectUnknownOptions();
        SoakReport report = await SoakRunner.RunAsync(options, output, cancellationToken).ConfigureAwait(false);
        return report.Passed ? 0 : 1;
    }
}
