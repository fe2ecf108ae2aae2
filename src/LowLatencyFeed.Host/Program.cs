using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host;

/// <summary>The <c>llfeed</c> command line.</summary>
public static class Program
{
    private static readonly HashSet<string> s_twoWordVerbs = new(StringComparer.Ordinal) { "journal", "instruments" };
    private static readonly HashSet<string> s_switches = new(StringComparer.Ordinal) { "hex", "help", "no-database", "keep", "no-signals", "consent", "renew" };
    private static readonly HashSet<string> s_optionalValues = new(StringComparer.Ordinal) { "parallel" };

    /// <summary>Dispatches a verb; exit code 0 on success, 1 on failure, 2 on usage or configuration errors.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        try
        {
            var line = CommandLine.Parse(args, s_twoWordVerbs, s_switches, s_optionalValues);
            return line.Verb switch
            {
                "demo" => await DemoCommand.RunAsync(line, Console.Out, cancellation.Token).ConfigureAwait(false),
                "run" => await RunCommand.RunAsync(line, Console.Out, cancellation.Token).ConfigureAwait(false),
                "simulate" => await SimulateCommand.RunAsync(line, Console.Out, cancellation.Token).ConfigureAwait(false),
                "decode" => await DecodeCommand.RunAsync(line, Console.Out).ConfigureAwait(false),
                "fuzz" => await FuzzCommand.RunAsync(line, Console.Out, cancellation.Token).ConfigureAwait(false),
                "soak" => await SoakCommand.RunAsync(line, Console.Out, cancellation.Token).ConfigureAwait(false),
                "migrate" => MigrateCommand.Run(line, Console.Out),
                "backfill" => await BackfillCommand.RunAsync(line, Console.Out, cancellation.Token).ConfigureAwait(false),
                "login" => await LoginCommand.RunAsync(line, Console.Out, cancellation.Token).ConfigureAwait(false),
                "train" => TrainCommand.Run(line, Console.Out, cancellation.Token),
                "replay" => await ReplayCommand.RunAsync(line, Console.Out, cancellation.Token).ConfigureAwait(false),
                "instruments sync" or "instruments search" or "instruments show" or "instruments" => await InstrumentsCommand.RunAsync(line, Console.Out, cancellation.Token).ConfigureAwait(false),
                "journal inspect" or "journal verify" or "journal export" or "journal" => JournalCommand.Run(line, Console.Out),
                "" or "help" or "--help" or "-h" => Usage(Console.Out, 0),
                _ => throw new CommandLineException($"unknown verb '{line.Verb}'"),
            };
        }
        catch (CommandLineException exception)
        {
            await Console.Error.WriteLineAsync($"llfeed: {exception.Message}").ConfigureAwait(false);
            return Usage(Console.Error, 2);
        }
        catch (ConfigurationException exception)
        {
            await Console.Error.WriteLineAsync($"llfeed: {exception.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    private static int Usage(TextWriter output, int exitCode)
    {
        output.WriteLine(UsageText.Text);
        return exitCode;
    }
}
