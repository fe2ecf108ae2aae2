using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Journal.Tools;

namespace LowLatencyFeed.Host.Commands;

/// <summary><c>llfeed journal inspect|verify|export --journal DIR</c>.</summary>
public static class JournalCommand
{
    /// <summary>Exit 0 when the journal is sound, 1 when problems were found, 2 for usage errors.</summary>
    public static int Run(CommandLine line, TextWriter output)
    {
        string directory = line.GetString("journal") ?? throw new CommandLineException($"'{line.Verb}' needs --journal DIR");
        switch (line.Verb)
        {
            case "journal inspect":
                line.RejectUnknownOptions();
                return JournalTools.Inspect(directory, output);
            case "journal verify":
                line.RejectUnknownOptions();
                return JournalTools.Verify(directory, output);
            case "journal export":
                string outFile = line.GetString("out") ?? throw new CommandLineException("journal export needs --out FILE");
                line.RejectUnknownOptions();
                return JournalTools.Export(directory, outFile, output);
            default:
                throw new CommandLineException($"unknown verb '{line.Verb}' (journal inspect, journal verify, journal export)");
        }
    }
}
